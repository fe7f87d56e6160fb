package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/reload"
	"github.com/carebot/carebot/knowledge"
)

// wireReload reloads the knowledge base without a restart: when
// CAREBOT_KB_DIR is set, on every change to its files (debounced) and on
// SIGHUP. A reload that fails keeps the content in use and logs every
// problem as file:line. It runs after wireRouter.
func (s *server) wireReload(ctx context.Context) error {
	var w *reload.Watcher
	if s.cfg.KB.dir != "" {
		var err error
		w, err = reload.New(reload.Config{
			Dir:    s.cfg.KB.dir,
			Reload: s.reloadKB,
			Logger: s.log,
			// One count per reload: ok when the new content is in use.
			OnReload: func(err error) { s.metrics.KBReload(err == nil) },
		})
		if err != nil {
			return fmt.Errorf("knowledge base: %w", err)
		}
		s.closers = append(s.closers, w.Close)
		s.log.Info("knowledge base: reloading on changes and SIGHUP", "dir", s.cfg.KB.dir)
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-stop:
				return
			case <-hup:
				if w == nil {
					s.log.Info("SIGHUP: the knowledge base is the embedded one; nothing to reload (set CAREBOT_KB_DIR)")
					continue
				}
				s.log.Info("SIGHUP: reloading the knowledge base")
				w.Reload() // reloadKB logs the outcome
			}
		}
	})
	// Closers run in reverse: SIGHUP stops before the watcher closes.
	s.closers = append(s.closers, func() error {
		signal.Stop(hup)
		close(stop)
		wg.Wait()
		return nil
	})
	return nil
}

// errSignsLost means a knowledge base would lose warning signs (see
// knowledge.LostSigns) and the operator did not allow it.
var errSignsLost = errors.New("warning signs would be lost (knowledge.allow_sign_removal: true to allow)")

// reloadKB loads the knowledge base again and swaps it into the content
// holder, which the Router and the nudge scheduler read. On failure, and when the
// new content loses a warning sign or weakens an emergency-level one
// compared with the content in use (unless knowledge.allow_sign_removal),
// the old content stays in use.
func (s *server) reloadKB() error {
	start := time.Now()
	content, err := s.loadKB()
	if err == nil {
		err = s.checkSigns(s.live.KB(), content.KB, "the content in use")
	}
	if err != nil {
		s.log.Error("knowledge base reload failed; still serving the previous content", "err", err)
		return err
	}
	s.live.Store(content)
	s.log.Info("knowledge base reloaded", "dir", s.cfg.KB.dir,
		"entries", len(content.KB.Entries), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// checkSigns logs every warning sign cur loses against old (named by
// against) and returns errSignsLost when there is one and
// knowledge.allow_sign_removal is off.
func (s *server) checkSigns(old, cur *knowledge.Base, against string) error {
	losses := knowledge.LostSigns(old, cur)
	if len(losses) == 0 {
		return nil
	}
	allowed := s.cfg.File.Knowledge.AllowSignRemoval
	level, msg := slog.LevelError, "knowledge base loses a warning sign; refused"
	if allowed {
		level, msg = slog.LevelWarn, "knowledge base loses a warning sign; allowed by knowledge.allow_sign_removal"
	}
	for _, l := range losses {
		s.log.Log(context.Background(), level, msg, "against", against, "sign", l.ID, "escalation", l.Level, "lost", l.What)
	}
	if allowed {
		return nil
	}
	return fmt.Errorf("%s: %d against %s: %w", s.cfg.KB, len(losses), against, errSignsLost)
}

// checkStartSigns refuses, at start, content of knowledge.dir that loses a
// warning sign or weakens an emergency-level one against the embedded
// knowledge base, as reloads (against the content in use) and `carebot kb
// lint` do, unless knowledge.allow_sign_removal or --allow-sign-removal
// says so (each loss is then logged as a warning).
func (s *server) checkStartSigns(kb *knowledge.Base) error {
	if s.cfg.KB.dir == "" {
		return nil // the embedded content itself
	}
	embedded, err := kbSource{}.load()
	if err != nil {
		return fmt.Errorf("built-in knowledge base: %w", err)
	}
	return s.checkSigns(embedded, kb, "the built-in knowledge base")
}

// loadKB loads the knowledge base and builds its matcher, logging each
// problem as "file:line: problem" (never message text: only the content's
// own words).
func (s *server) loadKB() (*bot.Content, error) {
	kb, err := s.cfg.KB.load()
	var ps knowledge.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			s.log.Error("knowledge base problem", "problem", s.cfg.KB.path(p.Pos.File)+":"+strconv.Itoa(p.Pos.Line)+": "+p.Msg)
		}
		return nil, fmt.Errorf("%s: %d problems", s.cfg.KB, len(ps))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.cfg.KB, err)
	}
	return s.cfg.KB.content(kb)
}
