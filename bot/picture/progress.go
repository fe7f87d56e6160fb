package picture

import (
	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/chart"
)

// Progress returns the /progress chart in lang at the Renderer's size. The
// chart is drawn by package bot/chart on gonum/plot's vg canvas; this method
// keeps the Renderer a complete bot.Illustrator.
func (r *Renderer) Progress(p bot.ProgressChart, lang string) (bot.Media, error) {
	return chart.Progress(p, lang, r.size.X, r.size.Y)
}
