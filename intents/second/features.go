package second

// Feature hashing. A normalised message is words separated by single spaces
// (intents.Normalize); its features are
//
//   - every word, punctuation included ("chest", ".", "38.2");
//   - every pair of neighbouring words ("no respira");
//   - every run of 4 bytes of " " + message + " ", across words ("t pa",
//     "in i"), which catches stems, typos and glued words. Runs of 3 to 5
//     bytes scored no better in cross-validation and cost three times as
//     much (README.md); minGram and maxGram set the range.
//
// Each is hashed (FNV-1a, with a different seed per kind) and falls in one
// of 2^bits buckets (the top bits of the hash times a Fibonacci constant);
// the model keeps a weight per class for each bucket and collisions are
// accepted. A feature that occurs twice counts twice.

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619

	seedWord   = fnvOffset ^ 0x77 // 'w'
	seedChar   = fnvOffset ^ 0x63 // 'c'
	seedBigram = 0x9e3779b9

	minGram = 4
	maxGram = 4
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
			dst = append(dst, int32(h*seedBigram>>shift))
			if havePrev {
				dst = append(dst, int32(((prev*fnvPrime)^h^seedBigram)*seedBigram>>shift))
			}
			prev, havePrev = h, true
		}
		start = i + 1
	}
	// character n-grams of " " + norm + " "
	last := len(norm) + 1 // index of the trailing space in the padded text
	for i := 0; i+minGram <= last+1; i++ {
		h := uint32(seedChar)
		for g := 0; g < maxGram && i+g <= last; g++ {
			c := byte(' ')
			if j := i + g; j > 0 && j < last {
				c = norm[j-1]
			}
			h = (h ^ uint32(c)) * fnvPrime
			if g >= minGram-1 {
				dst = append(dst, int32(h*seedBigram>>shift))
			}
		}
	}
	return dst
}
