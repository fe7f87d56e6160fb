package storetest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
)

// DatabaseURLEnv names the environment variable holding the PostgreSQL URL
// for tests. scripts/pg starts a private cluster and sets it.
const DatabaseURLEnv = "CAREBOT_TEST_DATABASE_URL"

// DatabaseURL returns the PostgreSQL URL for tests, or skips the test when
// none is set, saying how to get one.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(DatabaseURLEnv)
	if url == "" {
		t.Skip(DatabaseURLEnv + " not set; to run the PostgreSQL tests: " +
			`eval "$(scripts/pg start)" && go test ./bot/...; scripts/pg stop`)
	}
	return url
}

// Schema returns a new schema name, unique to the test, so that tests can
// share one database and run in parallel.
func Schema(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	return "test_" + hex.EncodeToString(b)
}
