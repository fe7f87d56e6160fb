package bot

import (
	"context"
	"errors"
)

// ErrNotFound is returned by a Store when there is no such record.
var ErrNotFound = errors.New("not found")

// Store keeps people and the ids of updates already processed. The SQLite
// and PostgreSQL stores under bot/store pass one conformance suite; an
// in-memory store serves the console and tests.
type Store interface {
	// Person returns the person with the key, or ErrNotFound.
	Person(ctx context.Context, key PersonKey) (*Person, error)
	// SavePerson creates or replaces a person.
	SavePerson(ctx context.Context, p *Person) error
	// Forget deletes everything stored about a person. Forgetting someone
	// unknown is not an error.
	Forget(ctx context.Context, key PersonKey) error
	// MarkProcessed records that the update with id from source (for
	// example "telegram", "slack") was processed, and reports whether this
	// was the first time.
	MarkProcessed(ctx context.Context, source, id string) (first bool, err error)
}
