package nudge

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
)

// txStore is the store inside one transaction.
type txStore = bot.TxStore

// txn is one transaction shared by the store and River: whatever is done
// through it commits or rolls back together.
type txn interface {
	store() txStore
	insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	insertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	// complete marks a running job completed; the caller must be the
	// job's worker.
	complete(ctx context.Context, job *rivertype.JobRow) error
	// cancel cancels a job unless it already finished or is gone.
	cancel(ctx context.Context, id int64) error
	// delete deletes a job unless it is running or gone.
	delete(ctx context.Context, id int64) error
	list(ctx context.Context, params *river.JobListParams) ([]*rivertype.JobRow, error)
}

// engine runs River on one of the stores. rivEngine implements it for
// both drivers.
type engine interface {
	inTx(ctx context.Context, fn func(tx txn) error) error
	list(ctx context.Context, params *river.JobListParams) ([]*rivertype.JobRow, error)
	start(ctx context.Context) error
	stop(ctx context.Context) error
	subscribe(kinds ...river.EventKind) (<-chan *river.Event, func())
}

// rivEngine binds a River client to a store's transactions. TTx is the
// driver's transaction type (*sql.Tx on SQLite, pgx.Tx on PostgreSQL).
type rivEngine[TTx any, TDriver riverdriver.Driver[TTx]] struct {
	client *river.Client[TTx]
	// withTx runs fn in a store transaction, giving the driver's
	// transaction and the store bound to it.
	withTx func(ctx context.Context, fn func(tx TTx, s txStore) error) error
}

func (e *rivEngine[TTx, TDriver]) inTx(ctx context.Context, fn func(tx txn) error) error {
	return e.withTx(ctx, func(tx TTx, s txStore) error {
		return fn(&rivTxn[TTx, TDriver]{client: e.client, tx: tx, s: s})
	})
}

func (e *rivEngine[TTx, TDriver]) list(ctx context.Context, params *river.JobListParams) ([]*rivertype.JobRow, error) {
	res, err := e.client.JobList(ctx, params)
	if err != nil {
		return nil, err
	}
	return res.Jobs, nil
}

func (e *rivEngine[TTx, TDriver]) start(ctx context.Context) error { return e.client.Start(ctx) }
func (e *rivEngine[TTx, TDriver]) stop(ctx context.Context) error  { return e.client.Stop(ctx) }

func (e *rivEngine[TTx, TDriver]) subscribe(kinds ...river.EventKind) (<-chan *river.Event, func()) {
	return e.client.Subscribe(kinds...)
}

type rivTxn[TTx any, TDriver riverdriver.Driver[TTx]] struct {
	client *river.Client[TTx]
	tx     TTx
	s      txStore
}

func (t *rivTxn[TTx, TDriver]) store() txStore { return t.s }

func (t *rivTxn[TTx, TDriver]) insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	return t.client.InsertTx(ctx, t.tx, args, opts)
}

func (t *rivTxn[TTx, TDriver]) insertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	return t.client.InsertManyTx(ctx, t.tx, params)
}

// rawArgs lets JobCompleteTx complete a job whatever its args type.
type rawArgs map[string]any

func (rawArgs) Kind() string { return "" }

func (t *rivTxn[TTx, TDriver]) complete(ctx context.Context, job *rivertype.JobRow) error {
	_, err := river.JobCompleteTx[TDriver, TTx, rawArgs](ctx, t.tx, &river.Job[rawArgs]{JobRow: job})
	return err
}

func (t *rivTxn[TTx, TDriver]) cancel(ctx context.Context, id int64) error {
	_, err := t.client.JobCancelTx(ctx, t.tx, id)
	if errors.Is(err, rivertype.ErrNotFound) {
		return nil
	}
	return err
}

func (t *rivTxn[TTx, TDriver]) delete(ctx context.Context, id int64) error {
	_, err := t.client.JobDeleteTx(ctx, t.tx, id)
	if errors.Is(err, rivertype.ErrNotFound) || errors.Is(err, rivertype.ErrJobRunning) {
		return nil
	}
	return err
}

func (t *rivTxn[TTx, TDriver]) list(ctx context.Context, params *river.JobListParams) ([]*rivertype.JobRow, error) {
	res, err := t.client.JobListTx(ctx, t.tx, params)
	if err != nil {
		return nil, err
	}
	return res.Jobs, nil
}

// timeGen gives River the scheduler's clock, so that a test clock moves
// River's idea of "now" (which jobs are due) too.
type timeGen struct{ now func() time.Time }

func (g timeGen) Now() time.Time { return g.now() }

func (g timeGen) NowOrNil() *time.Time {
	t := g.now()
	return &t
}

// decodeArgs unmarshals a job's encoded args.
func decodeArgs(job *rivertype.JobRow, v any) error { return json.Unmarshal(job.EncodedArgs, v) }
