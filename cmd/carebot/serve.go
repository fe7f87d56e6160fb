package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/knowledge"
)

const serveAbout = `Run carebot as a service: every configured adapter, the nudge scheduler
and the HTTP server (GET /healthz, GET /readyz) on $CAREBOT_HTTP_ADDR
(default :8080). Secrets come from the environment, never the config file.`

// serveConfig is what serve runs with. Fields come from the config file
// (when one is given) and the environment; secrets only from the
// environment.
type serveConfig struct {
	// HTTPAddr is where the HTTP server listens. Default ":8080";
	// CAREBOT_HTTP_ADDR.
	HTTPAddr string
	// KB is where the knowledge base comes from; CAREBOT_KB_DIR.
	KB kbSource
	// PseudonymKey is the secret behind pseudonymous handles in logs and
	// care-team alerts, shared by the Router and every adapter;
	// CAREBOT_PSEUDONYM_KEY. Default: random per process.
	PseudonymKey []byte
	// ShutdownTimeout bounds the graceful shutdown. Default 10s.
	ShutdownTimeout time.Duration
	// DatabaseURL is a SQLite file path or a postgres:// URL. Default
	// ./carebot.db; CAREBOT_DATABASE_URL.
	DatabaseURL string
}

// loadServeConfig reads the environment and, when file is not empty, the
// config file.
func (c *cli) loadServeConfig(file string) (serveConfig, error) {
	cfg := serveConfig{
		HTTPAddr:        ":8080",
		KB:              c.kbSourceFor(""),
		PseudonymKey:    []byte(c.getenv("CAREBOT_PSEUDONYM_KEY")),
		ShutdownTimeout: 10 * time.Second,
	}
	if file != "" {
		// The config file format lands with the operations work (issue 6);
		// until then the file must exist but sets nothing.
		if _, err := os.Stat(file); err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
	}
	if v := c.getenv("CAREBOT_HTTP_ADDR"); v != "" {
		cfg.HTTPAddr = v
	}
	cfg.DatabaseURL = c.getenv("CAREBOT_DATABASE_URL")
	if len(cfg.PseudonymKey) == 0 {
		// One key for the Router and every adapter, so that a parent has
		// one handle in all logs and alerts while the process runs.
		cfg.PseudonymKey = make([]byte, 32)
		rand.Read(cfg.PseudonymKey) // never fails (crypto/rand, Go 1.24+)
	}
	return cfg, nil
}

// server is a running `carebot serve`: each wire step adds one part.
type server struct {
	c      *cli
	cfg    serveConfig
	log    *slog.Logger
	store  bot.Store
	router *bot.Router
	// nudger schedules nudges; nudgeSenders are the Senders it delivers
	// through, by platform, filled by wireNudges before it starts.
	nudger       *nudge.Scheduler
	nudgeSenders map[bot.Platform]bot.Sender
	mux          *http.ServeMux
	// adapters run beside the HTTP server until shutdown.
	adapters []bot.Adapter
	// slack is the Slack adapter, nil when Slack is off (see wireSlack).
	slack *slack.Adapter
	// senders reaches people on every running adapter (see senders).
	senders senders
	// closers run after everything stopped, in reverse order.
	closers []func() error
}

func (c *cli) serve(ctx context.Context, args []string) int {
	fs := c.flags("serve [--config FILE]", serveAbout)
	configFile := fs.String("config", "", "read settings from the YAML `FILE`")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	cfg, err := c.loadServeConfig(*configFile)
	if err != nil {
		fmt.Fprintf(c.stderr, "carebot serve: %v\n", err)
		return exitFail
	}
	s := &server{c: c, cfg: cfg, log: newLogger(c.stderr), mux: http.NewServeMux()}
	if *configFile != "" {
		s.log.Warn("config file settings are not applied yet", "config", *configFile)
	}
	if c.getenv("CAREBOT_PSEUDONYM_KEY") == "" {
		s.log.Warn("CAREBOT_PSEUDONYM_KEY is not set: pseudonymous handles in logs and alerts change at restart")
	}
	for _, wire := range []func(context.Context) error{
		s.wireStore,
		s.wireSlack,
		s.wireRouter,
		s.wireReload,
		s.wireHTTP,
		s.wireAdapters,
		s.wireNudges,
	} {
		if err := wire(ctx); err != nil {
			s.log.Error("start", "err", err)
			s.close()
			return exitFail
		}
	}
	err = s.run(ctx)
	s.close()
	if err != nil {
		s.log.Error("serve", "err", err)
		return exitFail
	}
	return exitOK
}

// newLogger logs text on a terminal and JSON elsewhere.
func newLogger(w io.Writer) *slog.Logger {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// wireStore opens (and migrates) the store at CAREBOT_DATABASE_URL and
// creates the nudge scheduler on it, for the Router; wireNudges starts it.
func (s *server) wireStore(ctx context.Context) error {
	db, closeDB, err := openDatabase(ctx, s.cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	s.closers = append(s.closers, closeDB)
	s.store = db
	s.nudgeSenders = map[bot.Platform]bot.Sender{}
	s.nudger, err = nudge.New(ctx, db, nudge.Config{
		KB: func() *knowledge.Base {
			if s.router == nil {
				return nil
			}
			return s.router.Content().KB
		},
		Senders:      s.nudgeSenders,
		Logger:       s.log,
		PseudonymKey: s.cfg.PseudonymKey,
	})
	if err != nil {
		return fmt.Errorf("nudges: %w", err)
	}
	return nil
}

// wireRouter loads the knowledge base and builds the router.
func (s *server) wireRouter(context.Context) error {
	content, err := s.loadKB()
	if err != nil {
		return err
	}
	s.router, err = bot.NewRouter(bot.Config{
		Content:      content,
		Store:        s.store,
		Nudger:       s.nudger,
		Alerter:      s.alerter(),
		Logger:       s.log,
		PseudonymKey: s.cfg.PseudonymKey,
	})
	return err
}

// wireHTTP registers the health endpoints; adapters add their webhooks to
// s.mux.
func (s *server) wireHTTP(context.Context) error {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if s.router == nil || s.router.Content() == nil {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok\n")
	})
	return nil
}

// wireAdapters adds the adapters whose secrets are set (Telegram, Slack).
func (s *server) wireAdapters(ctx context.Context) error {
	for _, wire := range []func(context.Context) error{
		s.wireTelegram,
	} {
		if err := wire(ctx); err != nil {
			return err
		}
	}
	return nil
}

// wireNudges runs the nudge scheduler beside the adapters, delivering
// through the adapters wireSlack and wireAdapters registered.
func (s *server) wireNudges(context.Context) error {
	for _, p := range []bot.Platform{bot.PlatformTelegram, bot.PlatformSlack} {
		if s.senders.has(p) {
			s.nudgeSenders[p] = &s.senders
		}
	}
	s.adapters = append(s.adapters, s.nudger)
	return nil
}

// run serves HTTP and runs the adapters until ctx is done or one of them
// fails, then shuts everything down.
func (s *server) run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	addr := ln.Addr().String()
	s.log.Info("listening", "addr", addr)
	if s.c.onListen != nil {
		s.c.onListen(addr)
	}
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// errs never blocks a sender: a part that outlives the shutdown
	// timeout may still report after run returned.
	errs := make(chan error, len(s.adapters)+1)
	var g group
	g.Go("http", func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
			cancel()
		}
	})
	for _, a := range s.adapters {
		g.Go(a.Name(), func() {
			if err := a.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", a.Name(), err)
				cancel()
			}
		})
	}
	<-ctx.Done()
	err = s.stop(srv.Shutdown, srv.Close, &g)
	for {
		select {
		case e := <-errs:
			err = errors.Join(err, e)
		default:
			return err
		}
	}
}

// close runs the closers in reverse order.
func (s *server) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil {
			s.log.Error("close", "err", err)
		}
	}
}
