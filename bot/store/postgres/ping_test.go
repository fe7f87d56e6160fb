package postgres_test

import (
	"context"
	"testing"
	"time"
)

func TestPing(t *testing.T) {
	t.Parallel()
	db := open(t, time.Now)
	if err := db.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := db.Ping(ctx); err == nil {
		t.Error("Ping with a cancelled context: no error")
	}
}
