package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"

	msqlite "modernc.org/sqlite"
)

// maxCachedStmts bounds the statements one connection keeps compiled. The
// store and River run a few dozen distinct statements; queries built with
// a varying number of placeholders add some more.
const maxCachedStmts = 256

// connector opens modernc.org/sqlite connections that keep their compiled
// statements. database/sql compiles the SQL of every call that is not on a
// prepared statement (sqlite3_prepare), and River's SQLite driver, like
// the store, passes SQL text: compiling was about 45% of the CPU of a nudge
// delivery. A statement seen before on a connection runs on its compiled
// form instead; SQLite recompiles it by itself when the schema changes.
// This is the wrapper pattern modernc.org/sqlite documents on NewConnector.
type connector struct{ base driver.Connector }

var _ driver.Connector = (*connector)(nil)

// newConnector returns a connector for dsn.
func newConnector(dsn string) (*connector, error) {
	base, err := msqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return &connector{base: base}, nil
}

// Connect opens a connection.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	raw, ok := dc.(rawConn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("sqlite connection %T lacks context methods", dc)
	}
	return &cachingConn{rawConn: raw, stmts: make(map[string]*cachedStmt)}, nil
}

// Driver returns the underlying driver.
func (c *connector) Driver() driver.Driver { return c.base.Driver() }

// rawConn is what a modernc.org/sqlite connection implements and
// database/sql uses.
type rawConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtContext is what a modernc.org/sqlite statement implements.
type stmtContext interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn is a connection that keeps its compiled statements by SQL.
// database/sql uses a connection from one goroutine at a time; the mutex
// guards the cache against a Rows closed from elsewhere all the same.
type cachingConn struct {
	rawConn
	mu    sync.Mutex
	stmts map[string]*cachedStmt
}

var (
	_ driver.ExecerContext  = (*cachingConn)(nil)
	_ driver.QueryerContext = (*cachingConn)(nil)
)

// cachedStmt is a compiled statement. busy is set while Rows read from it:
// the same SQL asked for meanwhile is compiled apart. evicted means close
// it once its Rows are closed.
type cachedStmt struct {
	s       stmtContext
	busy    bool
	evicted bool
}

// Unwrap returns the modernc.org/sqlite connection.
func (c *cachingConn) Unwrap() driver.Conn { return c.rawConn }

// take returns the idle compiled statement for query, compiling it first
// when the connection has none; nil (and no error) when it is busy.
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		if st.busy {
			return nil, nil
		}
		st.busy = true
		return st, nil
	}
	ds, err := c.rawConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s, ok := ds.(stmtContext)
	if !ok {
		ds.Close()
		return nil, nil
	}
	if len(c.stmts) >= maxCachedStmts {
		c.evictLocked()
	}
	st := &cachedStmt{s: s, busy: true}
	c.stmts[query] = st
	return st, nil
}

// evictLocked drops about half of the statements (map order).
func (c *cachingConn) evictLocked() {
	n := len(c.stmts) / 2
	for q := range c.stmts {
		if n == 0 {
			break
		}
		c.dropLocked(q)
		n--
	}
}

// dropLocked removes query's statement from the cache and closes it, or,
// while its Rows are open, marks it to be closed when they are.
func (c *cachingConn) dropLocked(query string) error {
	st := c.stmts[query]
	delete(c.stmts, query)
	if st.busy {
		st.evicted = true
		return nil
	}
	return st.s.Close()
}

// release marks st idle again, closing it if it was evicted meanwhile.
func (c *cachingConn) release(st *cachedStmt) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	st.busy = false
	if st.evicted {
		return st.s.Close()
	}
	return nil
}

// ExecContext runs query on its compiled statement.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	st, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.rawConn.ExecContext(ctx, query, args)
	}
	res, err := st.s.ExecContext(ctx, args)
	return res, errors.Join(err, c.release(st))
}

// QueryContext runs query on its compiled statement; the statement is busy
// until the Rows are closed.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.rawConn.QueryContext(ctx, query, args)
	}
	rows, err := st.s.QueryContext(ctx, args)
	if err != nil {
		return nil, errors.Join(err, c.release(st))
	}
	return &cachedRows{Rows: rows, c: c, st: st}, nil
}

// Close closes the compiled statements, then the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	var errs []error
	for q := range c.stmts {
		errs = append(errs, c.dropLocked(q))
	}
	c.mu.Unlock()
	return errors.Join(append(errs, c.rawConn.Close())...)
}

// cachedRows gives its statement back when closed.
type cachedRows struct {
	driver.Rows
	c    *cachingConn
	st   *cachedStmt
	done bool
}

// Close closes the rows (which resets the statement) and releases it.
func (r *cachedRows) Close() error {
	if r.done {
		return nil
	}
	r.done = true
	return errors.Join(r.Rows.Close(), r.c.release(r.st))
}
