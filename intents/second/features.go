package second

// Feature hashing. A normalised message is words separated by single spaces
// (intents.Normalize); its features are
//
//   - every word, punctuation included ("chest", ".", "38.2");
//   - every pair of neighbouring words ("no respira");
//   - every run of 4 bytes of " " + message + " ", across words ("t pa",
//     "in i"), which catches stems, typos and glued words. Runs of 3 to 5
//     bytes scored no better in cross-validation and cost three times as
//     much (README.md).
//
// Words are hashed with FNV-1a; a 4-gram is its four bytes as a number,
// rolled along the text. Each falls in one of 2^bits buckets (the top bits
// of the hash, with a seed per kind, times a Fibonacci constant);
// the model keeps a weight per class for each bucket and collisions are
// accepted. A feature that occurs twice counts twice.

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619

	seedWord   = fnvOffset ^ 0x77 // 'w'
	seedChar   = fnvOffset ^ 0x63 // 'c'
	seedBigram = fnvOffset ^ 0x62 // 'b'
	fib        = 0x9e3779b9       // 2^32 over the golden ratio

	gram = 4 // bytes in a character n-gram
)

// appendFeatures appends the bucket of every feature of norm to dst.
// predict walks the same features without storing them; a test checks
// that the two agree.
func appendFeatures[T string | []byte](dst []int32, norm T, bits uint8) []int32 {
	shift := 32 - bits
	// words and bigrams
	var prev uint32
	havePrev := false
	start := 0
	for i := 0; i <= len(norm); i++ {
		if i < len(norm) && norm[i] != ' ' {
			continue
		}
		if i > start {
			h := uint32(seedWord)
			for j := start; j < i; j++ {
				h = (h ^ uint32(norm[j])) * fnvPrime
			}
			dst = append(dst, int32(h*fib>>shift))
			if havePrev {
				dst = append(dst, int32(((prev*fnvPrime)^h^seedBigram)*fib>>shift))
			}
			prev, havePrev = h, true
		}
		start = i + 1
	}
	// character 4-grams of " " + norm + " ": the four bytes themselves
	// are the key, rolled along the text
	code := uint32(' ')
	for i := 0; i <= len(norm); i++ {
		c := byte(' ')
		if i < len(norm) {
			c = norm[i]
		}
		code = code<<8 | uint32(c)
		if i >= gram-2 {
			dst = append(dst, int32((code^seedChar)*fib>>shift))
		}
	}
	return dst
}
