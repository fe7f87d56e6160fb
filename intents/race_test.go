//go:build race

package intents_test

// raceEnabled is true under -race, where sync.Pool drops items at random
// and allocation counts say nothing about the code.
const raceEnabled = true
