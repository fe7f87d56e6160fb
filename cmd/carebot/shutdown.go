package main

import (
	"context"
	"errors"
	"slices"
	"sync"
)

// errShutdownTimeout is returned by serve when parts were still running
// when ShutdownTimeout ran out: carebot exits anyway.
var errShutdownTimeout = errors.New("shutdown timed out")

// group runs the parts of serve that run until shutdown (the HTTP server,
// each adapter, the nudge scheduler) and knows which are still running.
type group struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	running map[string]int // name -> goroutines running
}

// Go runs f in a goroutine under name.
func (g *group) Go(name string, f func()) {
	g.mu.Lock()
	if g.running == nil {
		g.running = make(map[string]int)
	}
	g.running[name]++
	g.mu.Unlock()
	g.wg.Go(func() {
		defer g.done(name)
		f()
	})
}

func (g *group) done(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running[name]--; g.running[name] == 0 {
		delete(g.running, name)
	}
}

// Running returns the names of the parts still running, sorted.
func (g *group) Running() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var names []string
	for name := range g.running {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Wait waits for every part to return, or for ctx to be done; then it
// reports errShutdownTimeout, and the parts still running go on until the
// process exits.
func (g *group) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		g.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errShutdownTimeout
	}
}

// stop is serve's shutdown once ctx is done: the HTTP server stops taking
// requests and finishes those in flight, the adapters finish the replies
// in flight, the nudge scheduler stops River; all within
// ShutdownTimeout. When time runs out it logs what was still running and
// gives up on it: the database closes (s.close) and the process exits
// regardless. The database always closes last.
func (s *server) stop(shutdownHTTP func(context.Context) error, closeHTTP func() error, g *group) error {
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := shutdownHTTP(ctx)
	if err != nil {
		closeHTTP() // drop the connections still open
	}
	if werr := g.Wait(ctx); werr != nil {
		s.log.Error("shutdown timed out; exiting with work in flight",
			"timeout", s.cfg.ShutdownTimeout.String(), "running", g.Running())
		return errors.Join(err, werr)
	}
	s.log.Info("stopped")
	return err
}
