package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/store/sqlite"
)

func TestPing(t *testing.T) {
	t.Parallel()
	db := open(t, time.Now)
	if err := db.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	// A transaction holding the one writer connection does not make Ping
	// wait: it reads on a reader connection.
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.WithTx(context.Background(), func(*sqlite.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	err := db.Ping(ctx)
	close(release)
	if err != nil {
		t.Errorf("Ping while a transaction runs: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(t.Context()); err == nil {
		t.Error("Ping on a closed database: no error")
	}
}
