// Package serve starts the `carebot serve` processes the scripts in bench/
// drive, and ends the scripts' main functions.
package serve

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Command is `bin args...`, bound to ctx as by exec.CommandContext, with the caller's environment less its
// CAREBOT_* variables (a token there would start an adapter the script did
// not ask for) and then env.
func Command(ctx context.Context, bin string, args []string, env ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CAREBOT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// TelegramWebhookEnv is the environment of a carebot that listens on addr,
// answers Telegram through the Bot API at apiURL with token, takes updates
// by webhook with secret, and keeps its state in dbURL.
func TelegramWebhookEnv(addr, apiURL, token, secret, dbURL, pseudonymKey string) []string {
	return []string{
		"CAREBOT_HTTP_ADDR=" + addr,
		"CAREBOT_TELEGRAM_TOKEN=" + token,
		"CAREBOT_TELEGRAM_API_URL=" + apiURL,
		// serve refuses an http:// webhook URL; it serves the URL's path on
		// CAREBOT_HTTP_ADDR in plain HTTP, where the scripts post.
		"CAREBOT_TELEGRAM_WEBHOOK_URL=https://" + addr + "/telegram/webhook",
		"CAREBOT_TELEGRAM_WEBHOOK_SECRET=" + secret,
		"CAREBOT_DATABASE_URL=" + dbURL,
		"CAREBOT_PSEUDONYM_KEY=" + pseudonymKey,
	}
}

// Start starts cmd with its output in a new file at logFile; the channel
// gets cmd.Wait's result once the process exited (and the file is closed).
func Start(cmd *exec.Cmd, logFile string) (<-chan error, error) {
	out, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("start %s: %w", cmd.Args[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); out.Close() }()
	return exited, nil
}

// Workdir makes a run's temporary directory, for carebot's database and
// logs; remove removes it, unless keep, when its path is printed at once.
// An empty *dbURL (no -db) becomes a SQLite file in it.
func Workdir(prefix string, keep bool, dbURL *string) (dir string, remove func(), err error) {
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	if keep {
		fmt.Println("temporary directory:", dir)
		remove = func() {}
	}
	if *dbURL == "" {
		*dbURL = filepath.Join(dir, "carebot.db")
	}
	return dir, remove, nil
}

// WriteConfig writes a `carebot serve` config file named name into dir,
// readable by its owner only, and returns its path.
func WriteConfig(dir, name, yaml string) (string, error) {
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		return "", err
	}
	return path, nil
}

// Stop sends sig to cmd's process and waits for it to exit (exited is
// Start's channel); after grace it kills the process and waits for that. It
// reports whether the process exited before grace.
func Stop(cmd *exec.Cmd, exited <-chan error, sig os.Signal, grace time.Duration) bool {
	cmd.Process.Signal(sig)
	select {
	case <-exited:
		return true
	case <-time.After(grace):
		cmd.Process.Kill()
		<-exited
		return false
	}
}

// Exit ends a script's main after its run: it prints "name: err" and exits
// with errStatus when the run could not be made, exits 1 when the run found
// a failure (ok false), and returns when all went well.
func Exit(name string, ok bool, err error, errStatus int) {
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(errStatus)
	}
	if !ok {
		os.Exit(1)
	}
}
