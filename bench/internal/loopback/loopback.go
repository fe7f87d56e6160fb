// Package loopback holds what the fault and load scripts in bench/ share
// about the loopback interface they run on.
package loopback

import "net"

// FreeAddr returns a 127.0.0.1 address whose port was free a moment ago,
// for a `carebot serve` the script is about to start.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
