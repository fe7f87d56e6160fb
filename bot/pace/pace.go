// Package pace waits for a platform's send limits. With a bot.SendLimiter
// (the PostgreSQL store) a limit is held across every replica that shares
// the database; without one, and while the shared one fails (the database
// is unreachable), each process paces its own sends in memory, as one
// replica on SQLite always does.
package pace

import (
	"context"
	"math"
	"time"

	"golang.org/x/time/rate"

	"github.com/carebot/carebot/bot"
)

// sharedTimeout bounds one question to the shared limiter: a database
// that does not answer (unreachable, not refusing) must not hold every
// send; past it the send paces in memory.
const sharedTimeout = 2 * time.Second

// headroom is added to a shared limit's interval between sends. Slots
// exactly 1/rate apart let a platform that counts any second see one send
// more when the first of 31 sends is delayed more than the last (two
// replicas, a busy machine: measured 31 in one second, 3 refused with 429
// of 1,651); with a millisecond more, 30 sends a second span 1.03 s, and
// 30 ms of jitter stay within the limit, for 3% of the throughput.
const headroom = time.Millisecond

// Unlimited returns the rate that turns a limit off: +Inf.
func Unlimited() float64 { return math.Inf(1) }

// Limit is one send limit: one bucket of a shared limiter, or a token
// bucket in memory.
type Limit struct {
	shared   bot.SendLimiter
	bucket   string
	interval time.Duration
	burst    int
	local    *rate.Limiter
	sleep    func(ctx context.Context, d time.Duration) error
	onErr    func(error)
	// gate lets one caller of this process at a time ask the shared
	// limiter for a free slot; the others queue here, not in the
	// database.
	gate chan struct{}
}

// Option configures a Limit.
type Option func(*Limit)

// WithSleep sets how Wait waits for a shared slot. Defaults to a timer
// that ends early when ctx is done.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(l *Limit) { l.sleep = sleep }
}

// OnSharedError sets a function called with each error of the shared
// limiter (the send then paces in memory), for logs.
func OnSharedError(f func(error)) Option { return func(l *Limit) { l.onErr = f } }

// New returns a limit of perSecond sends (math.Inf(1) or 0: no limit) with
// bursts of up to burst. With shared non-nil the limit is the bucket's,
// held across processes; bucket names a platform's limit, a chat's or a
// channel's, and never holds a person's id (a pseudonym instead).
func New(shared bot.SendLimiter, bucket string, perSecond float64, burst int, opts ...Option) *Limit {
	burst = max(burst, 1)
	l := &Limit{shared: shared, bucket: bucket, burst: burst, sleep: sleepCtx, gate: make(chan struct{}, 1)}
	if perSecond <= 0 || math.IsInf(perSecond, 1) {
		l.local = rate.NewLimiter(rate.Inf, burst)
		l.shared = nil
	} else {
		l.local = rate.NewLimiter(rate.Limit(perSecond), burst)
		l.interval = time.Duration(float64(time.Second)/perSecond) + headroom
	}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Wait blocks until one more send may go out, or ctx is done. With a
// shared limiter, one caller of the process at a time asks it for a free
// slot, and waits as long as it says before asking again; a warning-sign
// reply (Urgent) takes the next slot meanwhile and goes first.
func (l *Limit) Wait(ctx context.Context) error {
	if l.shared != nil {
		select {
		case l.gate <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := l.waitShared(ctx)
		<-l.gate
		if err == nil || ctx.Err() != nil {
			return err
		}
		if l.onErr != nil {
			l.onErr(err)
		}
	}
	return l.local.Wait(ctx)
}

// waitShared asks the shared limiter for a free slot until it gives one.
func (l *Limit) waitShared(ctx context.Context) error {
	for {
		d, err := l.take(ctx, false)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if d <= 0 {
			return nil
		}
		if err := l.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// take asks the shared limiter, for at most sharedTimeout.
func (l *Limit) take(ctx context.Context, force bool) (time.Duration, error) {
	tctx, cancel := context.WithTimeout(ctx, sharedTimeout)
	defer cancel()
	return l.shared.TakeSend(tctx, l.bucket, l.interval, l.burst, force)
}

// Urgent lets a warning-sign reply go ahead of every send that waits: in
// memory it takes a token without waiting, so that the sends after it
// wait instead; with a shared limiter it takes the next slot, ahead of
// those asking for a free one, and waits for it (at most an interval more
// than the slots already taken), so that the limit holds for it too.
func (l *Limit) Urgent(ctx context.Context) error {
	if l.shared != nil {
		d, err := l.take(ctx, true)
		if err == nil {
			if d <= 0 {
				return nil
			}
			return l.sleep(ctx, d)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if l.onErr != nil {
			l.onErr(err)
		}
	}
	l.local.Reserve()
	return nil
}

// Shared reports whether the limit is held across processes.
func (l *Limit) Shared() bool { return l.shared != nil }

// Idle reports whether the in-memory bucket is full (nothing sent lately),
// so that a map of per-chat limits may drop it.
func (l *Limit) Idle() bool { return l.local.Tokens() >= float64(l.local.Burst()) }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
