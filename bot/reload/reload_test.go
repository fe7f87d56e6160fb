package reload_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/reload"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/knowledge"
)

// wait bounds every wait on the watcher's goroutine.
const wait = 10 * time.Second

// kbFile is the test knowledge base's only file.
const kbFile = "kb.yaml"

// clock is a debounce timer the test fires by hand.
type clock struct {
	mu     sync.Mutex
	latest chan time.Time
	armed  int
	rearm  chan struct{} // a token for every After call, coalesced
}

func newClock() *clock { return &clock{rearm: make(chan struct{}, 1)} }

func (c *clock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	c.latest, c.armed = ch, c.armed+1
	c.mu.Unlock()
	select {
	case c.rearm <- struct{}{}:
	default:
	}
	return ch
}

// fire fires the latest timer (once; firing again does nothing).
func (c *clock) fire() {
	c.mu.Lock()
	ch := c.latest
	c.mu.Unlock()
	if ch != nil {
		select {
		case ch <- time.Now():
		default:
		}
	}
}

func (c *clock) calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.armed
}

// harness is a Watcher on a folder holding the test knowledge base; each
// reload loads it and swaps it into a Router, like carebot serve.
type harness struct {
	t      *testing.T
	dir    string
	router *bot.Router
	clock  *clock
	w      *reload.Watcher
	// results receives every reload's result, from OnReload.
	results chan error
	mu      sync.Mutex
	reloads int
}

// setup starts a harness; with real true the debounce uses real time (a
// short Debounce) instead of a clock the test fires.
func setup(t *testing.T, real bool) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), clock: newClock(), results: make(chan error, 100)}
	h.write(kbFile, original(t))
	r, err := bot.NewRouter(bot.Config{Content: bottest.Content(t), Store: memory.New()})
	if err != nil {
		t.Fatal(err)
	}
	h.router = r
	cfg := reload.Config{
		Dir:    h.dir,
		Reload: h.load,
		OnReload: func(err error) {
			h.results <- err
		},
		After: h.clock.After,
	}
	if real {
		cfg.After, cfg.Debounce = nil, 20*time.Millisecond
	}
	h.w, err = reload.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.w.Close() })
	return h
}

// load is the Reload function: the knowledge base in dir, swapped in.
func (h *harness) load() error {
	h.mu.Lock()
	h.reloads++
	h.mu.Unlock()
	kb, err := knowledge.Load(os.DirFS(h.dir))
	if err != nil {
		return err
	}
	c, err := bot.NewContent(kb)
	if err != nil {
		return err
	}
	h.router.SetContent(c)
	return nil
}

func (h *harness) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.reloads
}

func original(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "bottest", "testdata", kbFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const (
	overviewV1 = "Joint pain after birth is common and usually gets better."
	overviewV2 = "V2 joint pain after birth is common."
)

// edited is the test knowledge base with the overview's answer changed.
func edited(t *testing.T) string {
	t.Helper()
	s := original(t)
	if !strings.Contains(s, overviewV1) {
		t.Fatal("the test knowledge base changed: update this test")
	}
	return strings.Replace(s, overviewV1, overviewV2, 1)
}

func (h *harness) write(name, data string) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.dir, name), []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// settle waits for a timer armed after the since-th, then fires the
// latest timer, again whenever a later event re-armed it, until a reload
// ran, and returns its result.
func (h *harness) settle(since int) error {
	h.t.Helper()
	deadline := time.After(wait)
	for h.clock.calls() <= since {
		select {
		case <-h.clock.rearm:
		case <-deadline:
			h.t.Fatal("no change seen")
		}
	}
	for {
		h.clock.fire()
		select {
		case err := <-h.results:
			return err
		case <-h.clock.rearm:
		case <-deadline:
			h.t.Fatal("no reload")
		}
	}
}

// next waits for the next reload's result (real timer).
func (h *harness) next() error {
	h.t.Helper()
	select {
	case err := <-h.results:
		return err
	case <-time.After(wait):
		h.t.Fatal("no reload")
		return nil
	}
}

// answer is the Router's answer to a tap on the overview's button.
func (h *harness) answer() string {
	h.t.Helper()
	rep, err := h.router.Handle(context.Background(), bot.Message{Platform: bot.PlatformConsole, ChatID: "1", Payload: bot.PayloadEntry + "overview"})
	if err != nil {
		h.t.Fatal(err)
	}
	return rep.Text
}

func TestNewConfig(t *testing.T) {
	t.Parallel()
	ok := func() error { return nil }
	for name, cfg := range map[string]reload.Config{
		"no dir":    {Reload: ok},
		"no reload": {Dir: t.TempDir()},
	} {
		if _, err := reload.New(cfg); !errors.Is(err, reload.ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
	if _, err := reload.New(reload.Config{Dir: filepath.Join(t.TempDir(), "missing"), Reload: ok}); err == nil {
		t.Error("a missing folder: no error")
	}
}

func TestReloadGoodEdit(t *testing.T) {
	t.Parallel()
	h := setup(t, false)
	if got := h.answer(); !strings.Contains(got, overviewV1) {
		t.Fatalf("before: %q", got)
	}
	since := h.clock.calls()
	h.write(kbFile, edited(t))
	if err := h.settle(since); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if got := h.answer(); !strings.Contains(got, overviewV2) {
		t.Errorf("after the edit: %q", got)
	}
}

func TestReloadBrokenEditKeepsOldContent(t *testing.T) {
	t.Parallel()
	h := setup(t, false)
	before := h.router.Content()
	broken := strings.Replace(edited(t), "    kind: overview\n", "    kind: overviewz\n", 1)
	line := strings.Count(broken[:strings.Index(broken, "overviewz")], "\n") + 1
	since := h.clock.calls()
	h.write(kbFile, broken)
	err := h.settle(since)
	var ps knowledge.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("reload of a broken file: %v, want knowledge.Problems", err)
	}
	if ps[0].Pos.File != kbFile || ps[0].Pos.Line != line || !strings.Contains(ps[0].Msg, "overviewz") {
		t.Errorf("problem %s, want %s:%d: ...overviewz...", ps[0], kbFile, line)
	}
	if h.router.Content() != before {
		t.Error("a broken edit replaced the content")
	}
	if got := h.answer(); !strings.Contains(got, overviewV1) {
		t.Errorf("after a broken edit: %q", got)
	}

	// Fixing the file brings the edit in.
	since = h.clock.calls()
	h.write(kbFile, edited(t))
	if err := h.settle(since); err != nil {
		t.Fatalf("reload after the fix: %v", err)
	}
	if got := h.answer(); !strings.Contains(got, overviewV2) {
		t.Errorf("after the fix: %q", got)
	}
}

// An editor saves by writing a temporary file and renaming it over the
// original; the folder stays watched for the next save.
func TestReloadEditorRenameSave(t *testing.T) {
	t.Parallel()
	h := setup(t, true)
	for i, text := range []string{overviewV2, "V3 a second save."} {
		data := strings.Replace(original(t), overviewV1, text, 1)
		tmp := filepath.Join(h.dir, "."+kbFile+".swp"+strconv.Itoa(i))
		if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(h.dir, kbFile)); err != nil {
			t.Fatal(err)
		}
		// With real time the save may come in more than one reload; wait
		// for the one that brings the text.
		for !strings.Contains(h.answer(), text) {
			if err := h.next(); err != nil {
				t.Fatalf("save %d: %v", i, err)
			}
		}
	}
}

// Many files written at once are one reload: the timer restarts with every
// event and reloads run only when it fires.
func TestReloadBurstDebounced(t *testing.T) {
	t.Parallel()
	h := setup(t, false)
	const n = 8
	h.write(kbFile, edited(t))
	for i := range n - 1 {
		h.write("extra"+strconv.Itoa(i)+".yaml", "entries: []\n")
	}
	// Every file is at least one event, each arming the timer.
	for h.clock.calls() < n {
		select {
		case <-h.clock.rearm:
		case <-time.After(wait):
			t.Fatalf("%d timers armed, want %d", h.clock.calls(), n)
		}
	}
	if err := h.settle(0); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if got := h.count(); got != 1 {
		t.Errorf("%d reloads for a burst of %d files, want 1", got, n)
	}
	if got := h.answer(); !strings.Contains(got, overviewV2) {
		t.Errorf("after the burst: %q", got)
	}
}

// The folder replaced as a whole (moved away, a new one moved in) is
// watched again.
func TestReloadFolderReplaced(t *testing.T) {
	t.Parallel()
	h := setup(t, true)
	staged := filepath.Join(filepath.Dir(h.dir), filepath.Base(h.dir)+".new")
	if err := os.Mkdir(staged, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(staged, kbFile), []byte(edited(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(h.dir, h.dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(staged, h.dir); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(h.answer(), overviewV2) {
		h.next() // a reload between the two renames fails: no folder
	}
	// The new folder is watched.
	h.write(kbFile, strings.Replace(original(t), overviewV1, "V3 in the new folder.", 1))
	for !strings.Contains(h.answer(), "V3 in the new folder.") {
		h.next()
	}
}

// Reload (what SIGHUP calls) reloads now and reports through OnReload.
func TestReloadNow(t *testing.T) {
	t.Parallel()
	h := setup(t, false)
	h.write(kbFile+".bak", "not loaded") // no reload until the timer fires
	if err := os.WriteFile(filepath.Join(h.dir, kbFile), []byte(edited(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.w.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := h.next(); err != nil {
		t.Errorf("OnReload: %v", err)
	}
	if got := h.answer(); !strings.Contains(got, overviewV2) {
		t.Errorf("after Reload: %q", got)
	}
}

func TestCloseStopsWatching(t *testing.T) {
	t.Parallel()
	h := setup(t, false)
	closed := make(chan error, 1)
	go func() { closed <- h.w.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Close did not return: the event loop is still running")
	}
	if err := h.w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
