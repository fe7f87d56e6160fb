package main

import (
	"bytes"
	"errors"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/knowledge"
)

// configCLI is a cli whose environment is env.
func configCLI(env map[string]string) *cli {
	return &cli{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(k string) string { return env[k] }}
}

// writeConfig writes a config file and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carebot.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"", "# nothing set\n"} {
		path := ""
		if file != "" {
			path = writeConfig(t, file)
		}
		cfg, err := configCLI(nil).loadServeConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg.File, defaultFileConfig()) {
			t.Errorf("%q: settings %+v, want the defaults", file, cfg.File)
		}
		if cfg.HTTPAddr != ":8080" || cfg.DatabaseURL != defaultDatabase || cfg.KB.dir != "" ||
			cfg.ShutdownTimeout != 10*time.Second || len(cfg.PseudonymKey) != 32 {
			t.Errorf("%q: %+v", file, cfg)
		}
	}
}

func TestConfigFile(t *testing.T) {
	t.Parallel()
	kb := t.TempDir()
	path := writeConfig(t, `http:
  addr: 127.0.0.1:9090
  shutdown_timeout: 20s
knowledge:
  dir: `+kb+`
log: {level: debug, format: text}
bot:
  emergency_number: "112"
  crisis_line: "024"
  maternal_line: "0800 111"
  consent_at_enrolment: true
  context_ttl: 1h
nudges:
  enabled: false
  default_time_zone: Europe/Madrid
  quiet_hours: "22:30-07:00"
  limits:
    slack: {per_second: 0, burst: 2, per_chat: 0.5}
telegram:
  webhook_url: https://bot.example.org/tg/hook
  send: {per_chat: .inf, overall: .inf}
slack:
  care_channel: CCARE
  channel_rate: 2
`)
	cfg, err := configCLI(map[string]string{"CAREBOT_PSEUDONYM_KEY": "k", "CAREBOT_TELEGRAM_WEBHOOK_SECRET": "s",
		"CAREBOT_SLACK_BOT_TOKEN": "xoxb-1", "CAREBOT_SLACK_SIGNING_SECRET": "s"}).loadServeConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	want := defaultFileConfig()
	want.HTTP.Addr, want.HTTP.ShutdownTimeout = "127.0.0.1:9090", 20*time.Second
	want.Knowledge.Dir = kb
	want.Log.Level, want.Log.Format = "debug", "text"
	want.Bot.EmergencyNumber, want.Bot.CrisisLine, want.Bot.ContextTTL = "112", "024", time.Hour
	want.Bot.MaternalLine, want.Bot.ConsentAtEnrolment = "0800 111", true
	want.Nudges.Enabled, want.Nudges.DefaultTimeZone, want.Nudges.QuietHours = false, "Europe/Madrid", "22:30-07:00"
	want.Nudges.Limits.Slack = limitConfig{PerSecond: 0, Burst: 2, PerChat: 0.5}
	want.Telegram.WebhookURL = "https://bot.example.org/tg/hook"
	want.Telegram.Send.PerChat, want.Telegram.Send.Overall = math.Inf(1), math.Inf(1)
	want.Slack.CareChannel, want.Slack.ChannelRate = "CCARE", 2
	if !reflect.DeepEqual(cfg.File, want) {
		t.Errorf("settings\n%+v\nwant\n%+v", cfg.File, want)
	}
	if cfg.HTTPAddr != "127.0.0.1:9090" || cfg.KB.dir != kb || cfg.ShutdownTimeout != 20*time.Second ||
		string(cfg.PseudonymKey) != "k" {
		t.Errorf("serve config %+v", cfg)
	}
}

func TestConfigEnvOverrides(t *testing.T) {
	t.Parallel()
	kb := t.TempDir()
	path := writeConfig(t, `http: {addr: ":1"}
database: {url: /var/lib/carebot/file.db}
knowledge: {dir: /nonexistent}
telegram: {api_url: "http://file", webhook_url: "https://file/hook"}
slack: {api_url: "http://file/api/", care_channel: CFILE}
`)
	env := map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_DATABASE_URL":         "postgres://carebot:s3cret@db/carebot", // a password is fine here
		"CAREBOT_KB_DIR":               kb,
		"CAREBOT_TELEGRAM_API_URL":     "http://env",
		"CAREBOT_TELEGRAM_WEBHOOK_URL": "https://env/hook",
		"CAREBOT_SLACK_API_URL":        "http://env/api/",
		"CAREBOT_SLACK_CARE_CHANNEL":   "CENV",
		"CAREBOT_SECOND_OPINION":       "off",
	}
	withSecret := maps.Clone(env)
	withSecret["CAREBOT_TELEGRAM_WEBHOOK_SECRET"] = "s" // webhook mode needs it
	withSecret["CAREBOT_SLACK_BOT_TOKEN"] = "xoxb-1"    // a care channel needs Slack
	withSecret["CAREBOT_SLACK_APP_TOKEN"] = "xapp-1"
	cfg, err := configCLI(withSecret).loadServeConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.File
	got := []string{f.HTTP.Addr, f.Database.URL, f.Knowledge.Dir, f.Telegram.APIURL, f.Telegram.WebhookURL, f.Slack.APIURL, f.Slack.CareChannel, f.Knowledge.SecondOpinion}
	want := []string{"127.0.0.1:0", env["CAREBOT_DATABASE_URL"], kb, "http://env", "https://env/hook", "http://env/api/", "CENV", "off"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if cfg.HTTPAddr != "127.0.0.1:0" || cfg.DatabaseURL != env["CAREBOT_DATABASE_URL"] || cfg.KB.dir != kb {
		t.Errorf("serve config %+v", cfg)
	}
	if len(envOverrides) != len(env) {
		t.Errorf("%d overrides tested, %d exist", len(env), len(envOverrides))
	}
}

func TestConfigProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		want       []string // "LINE: problem", or "$ENV: problem"
	}{
		{"unknown keys", "htp: {}\nlog:\n  levl: info\n  colour: red\n", nil, []string{
			`1: unknown key "htp" (did you mean "http"?)`,
			`3: unknown key "levl" in log (did you mean "level"?)`,
			`4: unknown key "colour" in log (known keys: level, format, repeat_burst, repeat_interval)`,
		}},
		{"bad values", `http: {shutdown_timeout: soon}
log: {level: loud, format: xml}
bot: {context_ttl: -5m, emergency_number: ""}
nudges:
  workers: 2.5
  default_time_zone: Mars/Olympus
  quiet_hours: "25:00-08:00"
  limits: {slack: {per_second: -1, burst: 0}}
telegram: {poll_timeout: 1s, send: {overall: -30}, flood: {rate: 0}}
slack: {api_url: "https://slack.com/api", max_retries: 0}
`, nil, []string{
			`1: http.shutdown_timeout: want a duration such as 30s, 5m or 1h30m, got "soon"`,
			`2: log.format: want one of json, text, auto, got "xml"`,
			`2: log.level: want one of debug, info, warn, error, got "loud"`,
			`3: bot.context_ttl: want a positive duration, got -5m0s`,
			`3: bot.emergency_number: must not be empty: emergency replies name it`,
			`5: nudges.workers: want a whole number, got "2.5"`,
			`6: nudges.default_time_zone: unknown time zone "Mars/Olympus": want an IANA name such as America/New_York, or UTC`,
			`7: nudges.quiet_hours: want HH:MM-HH:MM (24-hour local time, such as 21:00-08:00) or off, got "25:00-08:00"`,
			`8: nudges.limits.slack.burst: want at least 1, got 0`,
			`8: nudges.limits.slack.per_second: want a rate of zero or more a second, got -1`,
			`9: telegram.flood.rate: want a rate above zero a second (.inf for no limit), got 0`,
			`9: telegram.poll_timeout: want at least 2s, got 1s`,
			`9: telegram.send.overall: want a rate of zero or more a second, got -30`,
			`10: slack.api_url: must end in a slash ("https://slack.com/api/"), got "https://slack.com/api"`,
			`10: slack.max_retries: want at least 1, got 0`,
		}},
		{"inbox lease too short", "inbox: {lease: 500ms}\n", nil, []string{
			`1: inbox.lease: want at least 1s, got 500ms`,
		}},
		{"quiet hours malformed", "nudges: {quiet_hours: \"21:00\"}\n", nil, []string{
			`1: nudges.quiet_hours: want HH:MM-HH:MM (24-hour local time, such as 21:00-08:00) or off, got "21:00"`,
		}},
		{"gaps out of range", "gaps:\n  retention: 0s\n  below_confidence: 1.5\n  top: 0\n", nil, []string{
			`2: gaps.retention: want a positive duration, got 0s`,
			`3: gaps.below_confidence: want a confidence from 0 to 1, got 1.5`,
			`4: gaps.top: want at least 1, got 0`,
		}},
		{"rescue_after within job_timeout", "nudges:\n  job_timeout: 5m\n", nil, []string{
			`2: nudges.job_timeout: rescue_after (2m0s) must exceed job_timeout (5m0s)`,
		}},
		{"secrets", `pseudonym_key: abc
telegram: {token: "1:x", webhook_secret: s}
slack:
  bot_token: xoxb-1
  signing_secret: s
  app_token: xapp-1
database: {url: "postgres://carebot:pw@db/carebot"}
`, nil, []string{
			`1: pseudonym_key: a secret is never read from the config file: set CAREBOT_PSEUDONYM_KEY in the environment`,
			`2: telegram.token: a secret is never read from the config file: set CAREBOT_TELEGRAM_TOKEN in the environment`,
			`2: telegram.webhook_secret: a secret is never read from the config file: set CAREBOT_TELEGRAM_WEBHOOK_SECRET in the environment`,
			`4: slack.bot_token: a secret is never read from the config file: set CAREBOT_SLACK_BOT_TOKEN in the environment`,
			`5: slack.signing_secret: a secret is never read from the config file: set CAREBOT_SLACK_SIGNING_SECRET in the environment`,
			`6: slack.app_token: a secret is never read from the config file: set CAREBOT_SLACK_APP_TOKEN in the environment`,
			`7: database.url: holds a password, a secret: put the URL in CAREBOT_DATABASE_URL, or use PGPASSWORD or a .pgpass file`,
		}},
		{"syntax", "http:\n  addr: :1\n bad\n", nil, []string{`3: yaml syntax: did not find expected key`}},
		{"bad environment", "", map[string]string{
			"CAREBOT_HTTP_ADDR":            "8080",
			"CAREBOT_KB_DIR":               "/nonexistent/kb",
			"CAREBOT_SECOND_OPINION":       "maybe",
			"CAREBOT_TELEGRAM_WEBHOOK_URL": "bot.example.org/hook",
		}, []string{
			`$CAREBOT_HTTP_ADDR: http.addr: want host:port or :port, got "8080"`,
			`$CAREBOT_KB_DIR: knowledge.dir: "/nonexistent/kb" is not a folder`,
			`$CAREBOT_SECOND_OPINION: knowledge.second_opinion: "maybe": want on, off or a model file`,
			`$CAREBOT_TELEGRAM_WEBHOOK_URL: telegram.webhook_url: want an absolute http(s) URL, got "bot.example.org/hook"`,
			`$CAREBOT_TELEGRAM_WEBHOOK_URL: telegram.webhook_url: webhook mode needs a secret: set CAREBOT_TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)`,
		}},
		{"http limits", "http:\n  read_timeout: 0s\n  write_timeout: 3s\n  max_header_bytes: 100\n", nil, []string{
			`2: http.read_timeout: want a positive duration, got 0s`,
			`3: http.write_timeout: write_timeout (3s) must exceed telegram.inline_wait (5s)`,
			`4: http.max_header_bytes: want at least 1024, got 100`,
		}},
		{"care channel by name", "slack:\n  care_channel: \"#care-team\"\n", map[string]string{
			"CAREBOT_SLACK_BOT_TOKEN": "xoxb-1", "CAREBOT_SLACK_SIGNING_SECRET": "s",
		}, []string{
			`2: slack.care_channel: want a channel id such as C0123ABCD (in Slack: the channel's details, at the bottom), got "#care-team"`,
		}},
		{"care channel without Slack", "slack:\n  care_channel: C0123ABCD\n", nil, []string{
			`2: slack.care_channel: alerts go through Slack: set CAREBOT_SLACK_BOT_TOKEN (and CAREBOT_SLACK_SIGNING_SECRET or CAREBOT_SLACK_APP_TOKEN), or leave the care channel empty`,
		}},
		{"unsafe environment", "", map[string]string{
			"CAREBOT_SLACK_BOT_TOKEN":         "xoxb-1",
			"CAREBOT_TELEGRAM_WEBHOOK_URL":    "http://bot.example.org/telegram/webhook",
			"CAREBOT_TELEGRAM_WEBHOOK_SECRET": "s",
		}, []string{
			`$CAREBOT_SLACK_BOT_TOKEN: slack.bot_token: Slack needs a way to receive events: set CAREBOT_SLACK_SIGNING_SECRET (Events API; it verifies every request) or CAREBOT_SLACK_APP_TOKEN (Socket Mode)`,
			`$CAREBOT_TELEGRAM_WEBHOOK_URL: telegram.webhook_url: Telegram posts updates only to https:// URLs, and the secret must not cross the network in the clear: set an https:// URL, got "http://bot.example.org/telegram/webhook"`,
		}},
		{"webhook without its secret", "telegram:\n  webhook_url: https://bot.example.org/telegram/webhook\n", nil, []string{
			`2: telegram.webhook_url: webhook mode needs a secret: set CAREBOT_TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := writeConfig(t, tc.file)
			_, err := configCLI(tc.env).loadServeConfig(path)
			var ce configError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want config problems", err)
			}
			var want []string
			for _, w := range tc.want {
				if !strings.HasPrefix(w, "$") {
					w = path + ":" + w
				}
				want = append(want, w)
			}
			if got := strings.Split(ce.Error(), "\n"); !slices.Equal(got, want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestConfigMissingFile(t *testing.T) {
	t.Parallel()
	_, err := configCLI(nil).loadServeConfig(filepath.Join(t.TempDir(), "none.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v, want not exist", err)
	}
}

// TestServeConfigProblems runs serve with a bad config: every problem on
// stderr, exit 1, nothing started.
func TestServeConfigProblems(t *testing.T) {
	t.Parallel()
	path := writeConfig(t, "log: {level: loud}\nnudges: {quiet_hours: late}\n")
	res := runCLI(t, map[string]string{"CAREBOT_HTTP_ADDR": "127.0.0.1:0"}, "", "serve", "--config", path)
	want := path + ":1: log.level: want one of debug, info, warn, error, got \"loud\"\n" +
		path + ":2: nudges.quiet_hours: want HH:MM-HH:MM (24-hour local time, such as 21:00-08:00) or off, got \"late\"\n" +
		"carebot serve: 2 config problem(s)\n"
	if res.code != exitFail || res.stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", res.code, res.stderr, want)
	}
	res = runCLI(t, nil, "", "serve", "--check-config", "--config", writeConfig(t, "log: {level: warn}\n"))
	if res.code != exitOK || res.stdout != "config ok\n" {
		t.Errorf("--check-config: exit %d, %q %q", res.code, res.stdout, res.stderr)
	}
}

// TestExampleConfig checks that deploy/carebot.example.yaml sets every key
// (secrets aside) to its default.
func TestExampleConfig(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "..", "deploy", "carebot.example.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc := fileConfig{}
	lines, err := knowledge.DecodeYAML(path, data, &fc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fc, defaultFileConfig()) {
		t.Errorf("the example's values\n%+v\ndiffer from the defaults\n%+v", fc, defaultFileConfig())
	}
	secret := map[string]bool{}
	for _, s := range secretKeys {
		secret[s.key] = true
	}
	for _, key := range leafKeys(reflect.TypeFor[fileConfig](), "") {
		if _, ok := lines[key]; !ok && !secret[key] {
			t.Errorf("the example does not show %s", key)
		}
	}
	if _, err := configCLI(nil).loadServeConfig(path); err != nil {
		t.Errorf("the example does not load: %v", err)
	}
}

// leafKeys lists the dotted keys of every value (not section) of t.
func leafKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" {
			continue
		}
		key := prefix + name
		if f.Type.Kind() == reflect.Struct {
			keys = append(keys, leafKeys(f.Type, key+".")...)
			continue
		}
		keys = append(keys, key)
	}
	return keys
}
