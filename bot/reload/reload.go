// Package reload watches a folder and calls a reload function when its files
// change: an editor's save, a copy, a Kubernetes ConfigMap update. Bursts of
// events are debounced into one reload, reloads never overlap, and the
// folder itself being replaced (renamed over, removed and created again, a
// symlink swapped) is noticed and watched again.
//
// It is the only importer of github.com/fsnotify/fsnotify. What a reload
// does (load, validate, swap) is the caller's: the Watcher only decides
// when.
package reload

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// ErrConfig is returned by New for an unusable Config.
var ErrConfig = errors.New("invalid config")

// DefaultDebounce is how long the folder must be quiet after a change
// before a reload, unless Config.Debounce says otherwise.
const DefaultDebounce = 200 * time.Millisecond

// Config configures a Watcher.
type Config struct {
	// Dir is the folder to watch. Required; it must exist when New is
	// called. Only its own entries are watched, not subfolders. Its parent
	// is watched too, for events about Dir itself.
	Dir string
	// Reload loads the content and swaps it in; when it returns an error
	// the caller keeps the old content. Required. Calls never overlap.
	Reload func() error
	// OnReload, when set, is called after every reload (from a change or
	// from Watcher.Reload) with Reload's result: the hook for metrics.
	OnReload func(err error)
	// Debounce is how long the folder must be quiet after a change before
	// Reload runs, so that an editor's save (a temporary file, a rename, a
	// write) or a copy of many files is one reload. Default
	// DefaultDebounce.
	Debounce time.Duration
	// Logger logs watch errors and the folder being replaced. Default:
	// discard.
	Logger *slog.Logger
	// After returns a channel that receives once d has passed: the
	// debounce timer. Default time.After; tests replace it.
	After func(d time.Duration) <-chan time.Time
}

func (c Config) withDefaults() Config {
	if c.Debounce <= 0 {
		c.Debounce = DefaultDebounce
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.After == nil {
		c.After = time.After
	}
	return c
}

// Watcher calls Config.Reload after the files of a folder change. Create
// one with New and Close it when done. It is safe for concurrent use.
type Watcher struct {
	cfg    Config
	dir    string // absolute and clean
	parent string // dir's parent, "" when not watched
	fw     *fsnotify.Watcher

	mu sync.Mutex // held during a reload

	closeOnce sync.Once
	closeErr  error
	done      chan struct{} // closed by Close
	exited    chan struct{} // closed when the event loop returns
}

// New starts watching cfg.Dir. Changes reload from a goroutine that runs
// until Close.
func New(cfg Config) (*Watcher, error) {
	if cfg.Dir == "" {
		return nil, fmt.Errorf("new watcher: %w: Dir is required", ErrConfig)
	}
	if cfg.Reload == nil {
		return nil, fmt.Errorf("new watcher: %w: Reload is required", ErrConfig)
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("new watcher: %w", err)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("new watcher: %w", err)
	}
	w := &Watcher{
		cfg:    cfg.withDefaults(),
		dir:    dir,
		fw:     fw,
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	if err := fw.Add(dir); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch %s: %w", cfg.Dir, err)
	}
	// The parent tells when dir itself is replaced; without it a changed
	// file is still seen, a replaced folder is not.
	if parent := filepath.Dir(dir); parent != dir {
		if err := fw.Add(parent); err != nil {
			w.cfg.Logger.Warn("reload: cannot watch the folder's parent; replacing the folder will go unnoticed",
				"dir", parent, "err", err)
		} else {
			w.parent = parent
		}
	}
	go w.loop()
	return w, nil
}

// Dir returns the folder watched, as an absolute path.
func (w *Watcher) Dir() string { return w.dir }

// Reload calls Config.Reload now (after any reload in progress) and
// Config.OnReload with its result, which it returns. SIGHUP handlers call
// it.
func (w *Watcher) Reload() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.cfg.Reload()
	if w.cfg.OnReload != nil {
		w.cfg.OnReload(err)
	}
	return err
}

// Close stops watching and waits for the event loop to return (and for a
// reload it started to finish). Calling it again does nothing.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		close(w.done)
		w.closeErr = w.fw.Close()
		<-w.exited
	})
	return w.closeErr
}

// loop turns events into debounced reloads until Close.
func (w *Watcher) loop() {
	defer close(w.exited)
	var due <-chan time.Time // nil: no reload pending
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if w.relevant(ev) {
				due = w.cfg.After(w.cfg.Debounce)
			}
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			w.cfg.Logger.Warn("reload: watch error", "dir", w.dir, "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: reload to be sure.
				due = w.cfg.After(w.cfg.Debounce)
			}
		case <-due:
			due = nil
			w.Reload() // the caller logs and counts the result
		}
	}
}

// relevant reports whether ev calls for a reload, watching dir again when
// ev says it was created anew.
func (w *Watcher) relevant(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	switch {
	case name == w.dir:
		// The folder itself (from the parent's watch, or its own removal).
		if ev.Has(fsnotify.Create) {
			// A new folder (or symlink) under the name: watch it instead of
			// the old one, which may live on elsewhere.
			_ = w.fw.Remove(w.dir)
			if err := w.fw.Add(w.dir); err != nil {
				w.cfg.Logger.Warn("reload: cannot watch the new folder", "dir", w.dir, "err", err)
			} else {
				w.cfg.Logger.Info("reload: the folder was replaced; watching the new one", "dir", w.dir)
			}
		}
		return ev.Op&^fsnotify.Chmod != 0
	case filepath.Dir(name) == w.dir:
		// Attribute changes alone are noise (indexers, backups, and a
		// delete's first event on Linux, followed by its Remove).
		return ev.Op&^fsnotify.Chmod != 0
	default:
		return false // a sibling of dir, seen through the parent's watch
	}
}
