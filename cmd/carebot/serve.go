package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/loglimit"
	"github.com/carebot/carebot/bot/metrics"
	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/bot/picture"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/telegram"
)

const serveAbout = `Run carebot as a service: every configured adapter, the nudge scheduler
and the HTTP server (GET /healthz, GET /readyz, GET /metrics) on
$CAREBOT_HTTP_ADDR (default :8080). Settings come from the YAML config file
(see deploy/carebot.example.yaml) and the environment; secrets only from the
environment, never the config file.

Content from CAREBOT_KB_DIR that removes a warning sign of the built-in
knowledge base, or weakens an emergency-level one, is refused at start and
at every reload unless --allow-sign-removal (or knowledge.allow_sign_removal:
true in the config file) says it is intended.`

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
	// File is every setting of the config file (config.go), defaults and
	// environment overrides applied.
	File fileConfig
}

// server is a running `carebot serve`: each wire step adds one part, in
// one line (see serve): the store, the content, the nudge scheduler, Slack,
// the Router, Telegram, reloading, HTTP and the gaps report.
type server struct {
	c   *cli
	cfg serveConfig
	log *slog.Logger
	// db is the SQL store; store is the same, as the Router and the
	// adapters see it.
	db    nudge.Database
	store bot.Store
	// live holds the content in use; the Router and the nudge scheduler
	// read it and a reload swaps it (see reloadKB).
	live   *bot.LiveContent
	router *bot.Router
	// nudger schedules nudges; nil when nudges are off.
	nudger *nudge.Scheduler
	mux    *http.ServeMux
	// metrics counts what carebot does, for GET /metrics.
	metrics *metrics.Metrics
	// adapters run beside the HTTP server until shutdown.
	adapters []bot.Adapter
	// slack is the Slack adapter, nil when Slack is off (see wireSlack).
	slack *slack.Adapter
	// telegram is the Telegram adapter, nil when Telegram is off.
	telegram *telegram.Adapter
	// senders reaches people on every running adapter (see senders).
	senders senders
	// closers run after everything stopped, in reverse order.
	closers []func() error
}

func (c *cli) serve(ctx context.Context, args []string) int {
	fs := c.flags("serve [--config FILE] [--allow-sign-removal]", serveAbout)
	configFile := fs.String("config", "", "read settings from the YAML `FILE`")
	checkOnly := fs.Bool("check-config", false, "check the config file and environment, then exit")
	allowSignRemoval := fs.Bool("allow-sign-removal", false, "serve content that removes or weakens warning signs of the built-in knowledge base (as knowledge.allow_sign_removal: true)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	cfg, err := c.loadServeConfig(*configFile)
	if err != nil {
		return c.configFailed(err)
	}
	if *allowSignRemoval {
		cfg.File.Knowledge.AllowSignRemoval = true
	}
	if *checkOnly {
		fmt.Fprintln(c.stdout, "config ok")
		return exitOK
	}
	s := &server{c: c, cfg: cfg, log: newLoggerFor(c.stderr, cfg.File.Log), mux: http.NewServeMux(), metrics: metrics.New()}
	if l, ok := s.log.Handler().(*loglimit.Handler); ok {
		// The first closer runs last: counts of suppressed lines are
		// written before the process exits.
		s.closers = append(s.closers, func() error { l.Flush(context.Background()); return nil })
	}
	if c.getenv("CAREBOT_PSEUDONYM_KEY") == "" {
		s.log.Warn("CAREBOT_PSEUDONYM_KEY is not set: pseudonymous handles in logs and alerts change at restart")
	}
	// Each step uses only what the steps before it made. The one loop
	// left: the Slack adapter answers through the Router, which alerts
	// the care team through Slack (via the nudge scheduler when it runs),
	// so Slack is made first and bound to the Router once it exists
	// (server.handle).
	for _, wire := range []func(context.Context) error{
		s.wireStore,
		s.wireContent,
		s.wireNudges,
		s.wireSlack,
		s.wireRouter,
		s.wireTelegram,
		s.wireReload,
		s.wireHTTP,
		s.wireGaps,
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

// newLoggerFor logs at the level and in the format of the config: json,
// text, or auto (text on a terminal, JSON elsewhere), at most
// log.repeat_burst lines of one cause per log.repeat_interval
// (bot/loglimit).
func newLoggerFor(w io.Writer, lc logConfig) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(lc.Level)) // checked by loadServeConfig; info otherwise
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	f, isFile := w.(*os.File)
	if lc.Format == "text" || lc.Format != "json" && isFile && isTerminal(f) {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	if lc.RepeatBurst > 0 {
		h = loglimit.New(h, loglimit.WithBurst(lc.RepeatBurst), loglimit.WithInterval(lc.RepeatInterval))
	}
	return slog.New(h)
}

// wireStore opens (and migrates) the store at CAREBOT_DATABASE_URL.
func (s *server) wireStore(ctx context.Context) error {
	db, closeDB, err := openDatabase(ctx, s.cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	s.closers = append(s.closers, closeDB)
	s.db, s.store = db, db
	return nil
}

// wireContent loads the knowledge base and builds its matcher into the
// holder the Router and the nudge scheduler read and reloads swap.
func (s *server) wireContent(context.Context) error {
	content, err := s.loadKB()
	if err != nil {
		return err
	}
	if err := s.checkStartSigns(content.KB); err != nil {
		return err
	}
	s.live = bot.NewLiveContent(content)
	return nil
}

// wireNudges creates the nudge scheduler on the store, reading the content
// holder and delivering through the senders of the platforms that run; it
// runs beside the adapters.
func (s *server) wireNudges(ctx context.Context) error {
	n := s.cfg.File.Nudges
	if !n.Enabled {
		s.log.Info("nudges are off (nudges.enabled: false)")
		return nil
	}
	var err error
	s.nudger, err = nudge.New(ctx, s.db, nudge.Config{
		KB:                 s.live.KB,
		Senders:            s.senders.byPlatform(s.platforms()),
		Limits:             n.limits(),
		DefaultTimeZone:    n.DefaultTimeZone,
		DefaultQuiet:       n.QuietHours,
		Workers:            n.Workers,
		JobTimeout:         n.JobTimeout,
		RescueAfter:        n.RescueAfter,
		MaxAttempts:        n.MaxAttempts,
		MaxLate:            n.MaxLate,
		ProcessedRetention: n.ProcessedRetention,
		PollInterval:       n.PollInterval,
		Metrics:            s.metrics,
		Logger:             s.log,
		PseudonymKey:       s.cfg.PseudonymKey,
	})
	if err != nil {
		return fmt.Errorf("nudges: %w", err)
	}
	s.adapters = append(s.adapters, s.nudger)
	return nil
}

// wireRouter builds the Router on the content holder.
func (s *server) wireRouter(context.Context) error {
	var nudger bot.Nudger // a nil interface when nudges are off, not a nil pointer
	if s.nudger != nil {
		nudger = s.nudger
	}
	b := s.cfg.File.Bot
	var err error
	s.router, err = bot.NewRouter(bot.Config{
		Live:            s.live,
		Store:           s.store,
		Nudger:          nudger,
		Illustrator:     picture.New(),
		Alerter:         s.alerter(),
		AlertTimeout:    b.AlertTimeout,
		Logger:          s.log,
		Metrics:         s.metrics,
		EmergencyNumber: b.EmergencyNumber,
		CrisisLine:      b.CrisisLine,
		MaternalLine:    b.MaternalLine,
		ContextTTL:      b.ContextTTL,
		PseudonymKey:    s.cfg.PseudonymKey,
		Gaps:            s.gapLog(),
		GapConfidence:   s.cfg.File.Gaps.BelowConfidence,
		GapRetention:    s.cfg.File.Gaps.Retention,

		ConsentAtEnrolment: b.ConsentAtEnrolment,
	})
	return err
}

// wireHTTP registers the health endpoints and /metrics; adapters add
// their webhooks to s.mux. /healthz says the process is alive; /readyz
// (see ready) whether it can serve.
func (s *server) wireHTTP(context.Context) error {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	s.mux.HandleFunc("GET /readyz", s.ready)
	s.mux.Handle("GET /metrics", s.metrics.Handler())
	return nil
}

// logParts says which parts run and, when no chat platform is configured,
// what to set next: an operator who starts serve without tokens should
// not have to guess why nothing answers.
func (s *server) logParts() {
	var names []string
	for _, a := range s.adapters {
		names = append(names, a.Name())
	}
	s.log.Info("running", "parts", strings.Join(names, ","))
	if s.telegram == nil && s.slack == nil {
		s.log.Warn("no chat platform configured: set CAREBOT_TELEGRAM_TOKEN (parents) and/or " +
			"CAREBOT_SLACK_BOT_TOKEN with CAREBOT_SLACK_SIGNING_SECRET or CAREBOT_SLACK_APP_TOKEN (care teams); " +
			"`carebot chat` talks to the bot without either")
	}
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
	s.logParts()
	if s.c.onListen != nil {
		s.c.onListen(addr)
	}
	srv := s.httpServer()

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

// httpServer is the HTTP server with the limits of the config's http
// section: a client that opens a connection and sends nothing, or sends a
// request slowly, is cut off after read_header_timeout or read_timeout
// rather than holding a connection and a goroutine for ever.
func (s *server) httpServer() *http.Server {
	h := s.cfg.File.HTTP
	return &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: h.ReadHeaderTimeout,
		ReadTimeout:       h.ReadTimeout,
		WriteTimeout:      h.WriteTimeout,
		IdleTimeout:       h.IdleTimeout,
		MaxHeaderBytes:    h.MaxHeaderBytes,
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
