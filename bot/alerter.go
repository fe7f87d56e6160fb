package bot

import (
	"context"
	"errors"
)

// ErrNoAlert is wrapped by an Alerter's error when the alert can never be
// posted (the parent did not consent or left, no care channel, no warning
// sign): a durable queue gives it up instead of retrying.
var ErrNoAlert = errors.New("alert not allowed")

// Alerter tells a care team that a parent reported a warning sign (bot/slack
// posts to the care channel). The Router calls it only for a provider or
// emergency level message from a person whose Consent is ConsentGranted,
// after the reply is composed; Config.Alerter may be nil.
type Alerter interface {
	// Alert reports that m from p needed r (r.Level.Escalates()). It must
	// not block for long: the parent's reply waits for it.
	Alert(ctx context.Context, p *Person, m Message, r Reply) error
}

// AlertEraser is implemented by an Alerter that can take a parent's words
// back out of the alerts it posted (bot/slack). The Router calls it on a
// confirmed /forget, before the person's data (and with it the link to
// their alerts) is deleted; a failure is logged and the forget goes on.
type AlertEraser interface {
	// EraseAlerts removes the words of the person with key from every
	// alert and forwarded message and tells the care team they left.
	EraseAlerts(ctx context.Context, key PersonKey) error
}
