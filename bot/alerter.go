package bot

import "context"

// Alerter tells a care team that a parent reported a warning sign (bot/slack
// posts to the care channel). The Router calls it only for a provider or
// emergency level message from a person whose Consent is ConsentGranted,
// after the reply is composed; Config.Alerter may be nil.
type Alerter interface {
	// Alert reports that m from p needed r (r.Level.Escalates()). It must
	// not block for long: the parent's reply waits for it.
	Alert(ctx context.Context, p *Person, m Message, r Reply) error
}
