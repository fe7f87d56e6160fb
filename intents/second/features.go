package second

// Feature hashing. A normalised message is words separated by single spaces
// (intents.Normalize); its features are
//
//   - every word, punctuation included ("chest", ".", "38.2");
//   - every pair of neighbouring words ("no respira");
//   - every run of 3, 4 and 5 bytes of " " + message + " ", across words
//     ("t pa", "ain i"), which catches stems, typos and glued words.
//
// Each is hashed (FNV-1a, with a different seed per kind) and the model
// keeps a weight per class for each of 2^bits buckets; collisions are
// accepted. A feature that occurs twice counts twice.

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619

	seedWord   = fnvOffset ^ 0x77 // 'w'
	seedChar   = fnvOffset ^ 0x63 // 'c'
	seedBigram = 0x9e3779b9

	minGram = 3
	maxGram = 5
)

// mix scrambles a hash so that nearby values land in unrelated buckets.
func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// features calls emit with the hash of every feature of norm and returns
// how many there were.
func features[T string | []byte](norm T, emit func(uint32)) int {
	n := 0
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
			emit(mix(h))
			n++
			if havePrev {
				emit(mix(prev*seedBigram + h ^ seedBigram))
				n++
			}
			prev, havePrev = h, true
		}
		start = i + 1
	}
	// character n-grams of " " + norm + " "
	padded := len(norm) + 2
	at := func(j int) byte {
		if j == 0 || j == padded-1 {
			return ' '
		}
		return norm[j-1]
	}
	for i := 0; i+minGram <= padded; i++ {
		h := uint32(seedChar)
		for g := 1; g <= maxGram && i+g <= padded; g++ {
			h = (h ^ uint32(at(i+g-1))) * fnvPrime
			if g >= minGram {
				emit(mix(h))
				n++
			}
		}
	}
	return n
}
