package telegram

import (
	"bytes"
	"io"
	"net/http"
)

// bufferedTransport sends a streamed request body in one piece.
// go-telegram/bot writes each request's multipart form through an io.Pipe,
// and net/http sends such a body chunked, one TCP write per form field;
// reading it first (a few kilobytes: the adapter uploads no files) sends it
// with a Content-Length in one write, which more than doubles sendMessage
// throughput on loopback.
type bufferedTransport struct{ next http.RoundTripper }

func (t bufferedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength > 0 {
		return t.next.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	r2 := r.Clone(r.Context())
	r2.ContentLength = int64(len(body))
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return t.next.RoundTrip(r2)
}
