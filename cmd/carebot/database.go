package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/sqlite"
)

// defaultDatabase is the SQLite file used when CAREBOT_DATABASE_URL is not
// set.
const defaultDatabase = "./carebot.db"

// openDatabase opens (and migrates) the store at url: PostgreSQL for
// "postgres://..." or "postgresql://...", otherwise a SQLite file path.
func openDatabase(ctx context.Context, url string) (nudge.Database, func() error, error) {
	if url == "" {
		url = defaultDatabase
	}
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			return nil, nil, err
		}
		return db, db.Close, nil
	}
	db, err := sqlite.Open(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	return db, db.Close, nil
}

const migrateAbout = `Apply the database migrations (carebot's tables and River's job tables)
to $CAREBOT_DATABASE_URL: a SQLite file path (default ./carebot.db) or a
postgres:// URL. serve applies them too; run this to migrate ahead of a
deployment.`

func (c *cli) migrate(ctx context.Context, args []string) int {
	fs := c.flags("migrate", migrateAbout)
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	db, closeDB, err := openDatabase(ctx, c.getenv("CAREBOT_DATABASE_URL"))
	if err != nil {
		fmt.Fprintf(c.stderr, "carebot migrate: %v\n", err)
		return exitFail
	}
	defer closeDB()
	if err := nudge.Migrate(ctx, db); err != nil {
		fmt.Fprintf(c.stderr, "carebot migrate: %v\n", err)
		return exitFail
	}
	v := 0
	if vd, ok := db.(interface {
		Version(context.Context) (int, error)
	}); ok {
		if v, err = vd.Version(ctx); err != nil {
			fmt.Fprintf(c.stderr, "carebot migrate: %v\n", err)
			return exitFail
		}
	}
	fmt.Fprintf(c.stdout, "carebot schema version %d; River schema up to date\n", v)
	return exitOK
}
