package bot

import "context"

// Adapter connects carebot to one platform: it receives updates, hands them
// to a Router as Messages and renders the Replies.
type Adapter interface {
	// Name is the platform's name, for logs and metrics.
	Name() string
	// Run receives and answers messages until ctx is done, then returns
	// nil after in-flight replies are sent, or the error that stopped it.
	Run(ctx context.Context) error
}

// Sender delivers a reply that is not an answer to a message: a nudge, a
// care-team reply relayed to a parent.
type Sender interface {
	// Send delivers r to the person with the key.
	Send(ctx context.Context, key PersonKey, r Reply) error
}

// Handler answers one message. The Router is the Handler adapters use; tests
// may pass a stub.
type Handler interface {
	// Handle answers m. It returns an error only when the answer could not
	// be composed (a store failure); the adapter then apologises.
	Handle(ctx context.Context, m Message) (Reply, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, m Message) (Reply, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, m Message) (Reply, error) { return f(ctx, m) }
