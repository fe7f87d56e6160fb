package knowledge_test

import (
	"errors"
	"fmt"
	"testing/fstest"

	"github.com/carebot/carebot/knowledge"
)

// Load reports every problem in the content at once, each with its file
// and line; this is what carebot kb lint prints.
func ExampleLoad() {
	fsys := fstest.MapFS{"tips.yaml": {Data: []byte(`entries:
  - id: tip.heat
    kind: tip
    titel: {en: Heat, es: Calor}
    keywords:
      en: [heat, {heating pad: 5}]
      es: [calor]
    answer:
      en: A warm shower or a heating pad can ease stiff joints.
    follow_up: [tip.cold]
`)}}
	_, err := knowledge.Load(fsys)
	var ps knowledge.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Println(p)
		}
	}
	// Output:
	// tips.yaml:2: tip.heat: no title (write it in en and es)
	// tips.yaml:4: unknown field "titel" in entry (did you mean "title"?)
	// tips.yaml:6: tip.heat: keyword "heating pad": weight 5 outside 0.5..3
	// tips.yaml:8: tip.heat: no answer in es
	// tips.yaml:10: tip.heat: follow_up tip.cold: no such entry
}
