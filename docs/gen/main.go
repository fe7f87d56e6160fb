// Command gen draws the pictures in docs/: the contact sheet of every
// exercise frame (docs/exercises.png), one sequence for the README
// (docs/bridge.png, and animated: docs/bridge.gif) and a sample /progress
// chart (docs/progress.png).
// Run it from the repository root after changing poses or the renderer:
//
//	go run ./docs/gen
package main

import (
	"flag"
	"fmt"
	"image"
	"image/draw"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/picture"
	"github.com/carebot/carebot/knowledge"
)

func main() {
	dir := flag.String("dir", "docs", "where to write the pictures")
	lang := flag.String("lang", "en", "language of the captions")
	frames := flag.String("frames", "", "also write every frame, as sent, to this folder")
	flag.Parse()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		log.Fatal(err)
	}
	r := picture.New()
	write := func(name string, img *image.RGBA) {
		data, err := picture.EncodePNG(img)
		if err != nil {
			log.Fatal(err)
		}
		path := filepath.Join(*dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %dx%d, %d bytes\n", path, img.Bounds().Dx(), img.Bounds().Dy(), len(data))
	}
	write("exercises.png", r.ContactSheet(kb, *lang))
	if *frames != "" {
		for _, p := range kb.Poses {
			media, err := r.Exercise(kb, p.ID, *lang)
			if err != nil {
				log.Fatal(err)
			}
			for _, m := range media {
				if err := os.WriteFile(filepath.Join(*frames, m.Name), m.Data, 0o644); err != nil {
					log.Fatal(err)
				}
				fmt.Printf("%s: %d bytes; alt: %s\n", m.Name, len(m.Data), m.Alt)
			}
		}
	}
	// One sequence side by side, for the README.
	seq := r.Frames(kb.Pose("exercise.bridge"), *lang)
	w, h := seq[0].Bounds().Dx(), seq[0].Bounds().Dy()
	strip := image.NewRGBA(image.Rect(0, 0, len(seq)*w, h))
	for i, f := range seq {
		draw.Draw(strip, f.Bounds().Add(image.Pt(i*w, 0)), f, image.Point{}, draw.Src)
	}
	write("bridge.png", strip)
	anim, err := r.Animation(kb.Pose("exercise.bridge"), kb.Entry("exercise.bridge").Title.Get(*lang), *lang)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*dir, "bridge.gif"), anim.Data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d bytes\n", filepath.Join(*dir, "bridge.gif"), len(anim.Data))
	// The chart is drawn by bot/chart (gonum/plot) and written as sent.
	chart, err := r.Progress(SampleProgress(), *lang)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*dir, "progress.png"), chart.Data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %dx%d, %d bytes\n", filepath.Join(*dir, "progress.png"), chart.Width, chart.Height, len(chart.Data))
}

// SampleProgress is four weeks of a made-up person's nudges: a slow start,
// a gap, and a streak up to today.
func SampleProgress() bot.ProgressChart {
	days := []int{0, 1, 0, 1, 1, 0, 0, 1, 2, 1, 0, 1, 2, 0, 0, 0, 1, 2, 2, 1, 1, 0, 2, 3, 2, 1, 2, 1}
	week := 0
	for _, n := range days[len(days)-7:] {
		week += n
	}
	return bot.ProgressChart{Days: days, First: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), Streak: 6, Week: week, Sent: 18}
}
