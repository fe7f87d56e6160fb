package knowledge

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// testConfig is a config shaped like the serve config: nested structs,
// durations, numbers, booleans and text.
type testConfig struct {
	Name    string        `yaml:"name"`
	Timeout time.Duration `yaml:"timeout"`
	On      bool          `yaml:"on"`
	Limits  struct {
		PerSecond float64 `yaml:"per_second"`
		Burst     int     `yaml:"burst"`
		Inner     struct {
			Wait time.Duration `yaml:"wait"`
		} `yaml:"inner"`
	} `yaml:"limits"`
	hidden string
}

func TestDecodeYAML(t *testing.T) {
	t.Parallel()
	var c testConfig
	c.Name, c.Limits.Burst = "default", 7
	lines, err := DecodeYAML("c.yaml", []byte(`# a comment
timeout: 1m30s
on: true
limits:
  per_second: 2.5
  inner:
    wait: 250ms
`), &c)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "default" || c.Timeout != 90*time.Second || !c.On || c.Limits.PerSecond != 2.5 ||
		c.Limits.Burst != 7 || c.Limits.Inner.Wait != 250*time.Millisecond || c.hidden != "" {
		t.Errorf("decoded %+v", c)
	}
	want := map[string]int{"timeout": 2, "on": 3, "limits": 4, "limits.per_second": 5, "limits.inner": 6, "limits.inner.wait": 7}
	for k, line := range want {
		if p := lines[k]; p.Line != line || p.File != "c.yaml" {
			t.Errorf("lines[%q] = %v, want c.yaml:%d", k, p, line)
		}
	}
	if len(lines) != len(want) {
		t.Errorf("lines %v", lines)
	}
}

func TestDecodeYAMLEmpty(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		c := testConfig{Name: "kept"}
		if _, err := DecodeYAML("c.yaml", []byte(doc), &c); err != nil || c.Name != "kept" {
			t.Errorf("%q: %v, %+v", doc, err, c)
		}
	}
}

func TestDecodeYAMLProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"every problem, in line order", `nmae: x
timeout: 10
on: maybe
limits:
  per_second: fast
  burst: 1.5
  burts: 2
  inner:
    wait: 3 days
    sleep: 1s
timeout: 5s
`, []string{
			`c.yaml:1: unknown key "nmae" (did you mean "name"?)`,
			`c.yaml:2: timeout: want a duration such as 30s, 5m or 1h30m, got "10"`,
			`c.yaml:3: on: want true or false, got "maybe"`,
			`c.yaml:5: limits.per_second: want a number, got "fast"`,
			`c.yaml:6: limits.burst: want a whole number, got "1.5"`,
			`c.yaml:7: unknown key "burts" in limits (did you mean "burst"?)`,
			`c.yaml:9: limits.inner.wait: want a duration such as 30s, 5m or 1h30m, got "3 days"`,
			`c.yaml:10: unknown key "sleep" in limits.inner (known keys: wait)`,
			`c.yaml:11: timeout is set twice (first at line 2)`,
		}},
		{"not a mapping", "- a\n- b\n", []string{`c.yaml:1: want a mapping of keys (key: value), got a list`}},
		{"wrong shape", "limits: 3\nname: [a]\n", []string{
			`c.yaml:1: limits: want a mapping, got "3"`,
			`c.yaml:2: name: want text, got a list`,
		}},
		{"syntax", "name: x\nlimits:\n  burst: 1\n bad: 2\n", []string{`c.yaml:4: yaml syntax: did not find expected key`}},
		{"aliases and merges", "name: &n x\nlimits:\n  <<: {burst: 1}\n", []string{
			`c.yaml:3: merge keys (<<) are not supported: write the keys out`,
		}},
		{"alias use", "name: &n x\ntimeout: *n\n", []string{`c.yaml:2: timeout: aliases (*n) are not supported: write the value out`}},
		{"two documents", "name: a\n---\nname: b\n", []string{`c.yaml:2: a config file holds one YAML document: remove this one`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var c testConfig
			_, err := DecodeYAML("c.yaml", []byte(tc.doc), &c)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v, want Problems", err)
			}
			if got, want := err.Error(), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestDecodeYAMLTarget(t *testing.T) {
	t.Parallel()
	var c testConfig
	var nilPtr *testConfig
	for _, v := range []any{c, nilPtr, new(int), nil} {
		if _, err := DecodeYAML("c.yaml", nil, v); !errors.Is(err, ErrDecodeTarget) {
			t.Errorf("%T: %v", v, err)
		}
	}
}

// TestPlainNumber checks the keyword weight fast path against yaml.v3's own
// decoding of the same scalar.
func TestPlainNumber(t *testing.T) {
	fast := 0
	for _, in := range []string{"1", "2", "0.5", "1.5", "3", "0", "00", "010", "0.25", "12.0", "1.", ".5", "1e3", "0x10", "1_0", "-1", "+1", "'2'", "\"2\"", "~", "", "1.2.3", ".inf", "123456789012345678"} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("w: "+in+"\n"), &doc); err != nil {
			t.Fatal(err)
		}
		n := doc.Content[0].Content[1]
		f, ok := plainNumber(n)
		if !ok {
			continue
		}
		fast++
		var want float64
		if err := n.Decode(&want); err != nil || want != f {
			t.Errorf("%q: plainNumber %v, Node.Decode %v (%v)", in, f, want, err)
		}
	}
	if fast < 8 {
		t.Errorf("plainNumber read %d of the plain numbers, want 8", fast)
	}
}
