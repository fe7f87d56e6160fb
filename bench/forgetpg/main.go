// Command forgetpg measures what /forget leaves on disk on PostgreSQL: it
// writes a parent with a distinctive chat id (their person row, an alert
// thread, and a message answered through the inbox and outbox, as a
// Telegram update and its reply are), forgets them, and counts the chat
// id's bytes in the cluster's table and index files (base/) and in its
// write-ahead log (pg_wal/) after a CHECKPOINT, then again after VACUUM
// and after VACUUM FULL of the tables that held it. It needs a
// superuser's URL (CHECKPOINT) and read access to the data directory: run
// it against a throwaway cluster (scripts/pg), never production.
//
//	eval "$(scripts/pg env)"
//	go run ./bench/forgetpg -db "$CAREBOT_TEST_DATABASE_URL" -datadir "$CAREBOT_PG_DIR/data"
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/postgres"
)

func main() {
	url := flag.String("db", os.Getenv("CAREBOT_TEST_DATABASE_URL"), "PostgreSQL URL of a superuser")
	dataDir := flag.String("datadir", "", "the cluster's data directory (readable)")
	flag.Parse()
	if *url == "" || *dataDir == "" {
		fmt.Fprintln(os.Stderr, "forgetpg: -db and -datadir are required")
		os.Exit(2)
	}
	if err := run(*url, *dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "forgetpg:", err)
		os.Exit(1)
	}
}

func run(url, dataDir string) error {
	ctx := context.Background()
	n, _ := rand.Int(rand.Reader, big.NewInt(9e12))
	chat := fmt.Sprint(1e12 + n.Int64()) // 13 digits, found nowhere else
	m, _ := rand.Int(rand.Reader, big.NewInt(1e9))
	schema := fmt.Sprintf("forgetpg_s%d", m.Int64()) // not the chat id: the catalog would hold it
	db, err := postgres.Open(ctx, url, postgres.WithSchema(schema))
	if err != nil {
		return err
	}
	defer db.Close()
	defer db.Pool().Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)

	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: chat}
	if err := db.SavePerson(ctx, &bot.Person{Key: key, Lang: "en", Active: true, Consent: bot.ConsentGranted}); err != nil {
		return err
	}
	if err := db.SaveThread(ctx, &bot.Thread{Channel: "CCARE", TS: "1700000000.000100", Person: key, Level: bot.LevelEmergency}); err != nil {
		return err
	}
	body := []byte(`{"update_id":1,"message":{"chat":{"id":` + chat + `},"text":"my wrist hurts"}}`)
	if _, err := db.Receive(ctx, bot.InboxEntry{Source: "telegram", ID: "1", Chat: chat, Body: body}, "forgetpg", time.Minute); err != nil {
		return err
	}
	out := []bot.OutboxEntry{{Source: "telegram", Chat: chat, Body: []byte(`{"chat_id":` + chat + `,"text":"try this"}`)}}
	if err := db.Done(ctx, "telegram", []string{"1"}, out, "forgetpg", time.Minute); err != nil {
		return err
	}
	if err := db.Sent(ctx, out[0].Seq); err != nil {
		return err
	}
	if err := db.Forget(ctx, key); err != nil {
		return err
	}
	tables := []string{"people", "threads", "nudges", "inbox", "outbox"}
	step := func(name, sql string) error {
		if sql != "" {
			for _, t := range tables {
				if _, err := db.Pool().Exec(ctx, sql+" "+schema+"."+t); err != nil {
					return fmt.Errorf("%s %s: %w", sql, t, err)
				}
			}
		}
		if _, err := db.Pool().Exec(ctx, "CHECKPOINT"); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		inBase, inWAL, err := count(dataDir, chat)
		if err != nil {
			return err
		}
		fmt.Printf("%-28s tables and indexes (base/): %3d   write-ahead log (pg_wal/): %3d\n", name, inBase, inWAL)
		return nil
	}
	fmt.Printf("chat id %s written (person, thread, inbox entry, outbox entry), answered, forgotten\n", chat)
	if err := step("after /forget, CHECKPOINT", ""); err != nil {
		return err
	}
	if err := step("after VACUUM", "VACUUM"); err != nil {
		return err
	}
	return step("after VACUUM FULL", "VACUUM FULL")
}

// count counts the chat id's occurrences in the files under base/ and
// pg_wal/.
func count(dataDir, chat string) (inBase, inWAL int, err error) {
	needle := []byte(chat)
	err = filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil // a file removed while walking (a rewritten table)
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dataDir, path)
		inB, inW := strings.HasPrefix(rel, "base"+string(filepath.Separator)), strings.HasPrefix(rel, "pg_wal"+string(filepath.Separator))
		if !inB && !inW {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		c := bytes.Count(data, needle)
		if inB {
			inBase += c
		} else {
			inWAL += c
		}
		return nil
	})
	return inBase, inWAL, err
}
