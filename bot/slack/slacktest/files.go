package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// Slack's limits on uploads, as the fake enforces them.
const (
	// MaxAltText is the longest alt_txt, in characters.
	MaxAltText = 1000
	// MaxFiles is the most files one files.completeUploadExternal shares.
	MaxFiles = 100
)

// Upload is a file uploaded through the fake: asked for with
// files.getUploadURLExternal, sent to its upload URL, and shared with
// files.completeUploadExternal.
type Upload struct {
	// ID is the file id the fake gave it.
	ID string
	// Name and Length are what files.getUploadURLExternal declared.
	Name   string
	Length int
	// Alt is the alt text (alt_txt).
	Alt string
	// Data is the file as uploaded; nil until the POST to the upload URL.
	Data []byte
	// Title, Channel and ThreadTS are set by files.completeUploadExternal;
	// Shared says it was called.
	Title, Channel, ThreadTS string
	Shared                   bool
}

// Uploads returns the files shared so far (completed uploads), in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for i := 1; i <= s.nextFile; i++ {
		if u := s.uploads[fileID(i)]; u != nil && u.Shared {
			out = append(out, *u)
		}
	}
	return out
}

func fileID(i int) string { return fmt.Sprintf("F%08d", i) }

// getUploadURL answers files.getUploadURLExternal: filename and a positive
// length are required, alt_txt is at most 1000 characters.
func (s *Server) getUploadURL(w http.ResponseWriter, c Call) {
	name, alt := c.Form.Get("filename"), c.Form.Get("alt_txt")
	length, err := strconv.Atoi(c.Form.Get("length"))
	switch {
	case name == "" || err != nil || length <= 0:
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	case utf8.RuneCountInString(alt) > MaxAltText:
		writeJSON(w, map[string]any{"ok": false, "error": "alt_txt_too_long"})
		return
	}
	s.mu.Lock()
	s.nextFile++
	id := fileID(s.nextFile)
	s.uploads[id] = &Upload{ID: id, Name: name, Length: length, Alt: alt}
	s.mu.Unlock()
	s.record(c)
	writeJSON(w, map[string]any{"ok": true, "upload_url": s.URL + "/upload/" + id, "file_id": id})
}

// serveUpload takes the POST of a file's bytes to its upload URL, as a
// multipart form (what slack-go sends) or a raw body; the size must be the
// length declared.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	data := body
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		data = nil
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				http.Error(w, "bad multipart", http.StatusBadRequest)
				return
			}
			if part.FileName() != "" {
				data, _ = io.ReadAll(part)
			}
		}
	}
	s.mu.Lock()
	u := s.uploads[id]
	ok := u != nil && len(data) == u.Length
	if ok {
		u.Data = data
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "upload does not match files.getUploadURLExternal", http.StatusBadRequest)
		return
	}
	s.record(Call{Method: "upload", Path: r.URL.Path})
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("OK - " + strconv.Itoa(len(data))))
}

// completeUpload answers files.completeUploadExternal: every file must
// have been uploaded, 1 to 100 files, and a thread needs its channel.
func (s *Server) completeUpload(w http.ResponseWriter, c Call) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Form.Get("files")), &files); err != nil || len(files) == 0 || len(files) > MaxFiles {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	channel, thread := c.Form.Get("channel_id"), c.Form.Get("thread_ts")
	if thread != "" && channel == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	s.mu.Lock()
	for _, f := range files {
		if u := s.uploads[f.ID]; u == nil || u.Data == nil {
			s.mu.Unlock()
			writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
			return
		}
	}
	out := make([]map[string]string, len(files))
	for i, f := range files {
		u := s.uploads[f.ID]
		u.Title, u.Channel, u.ThreadTS, u.Shared = f.Title, channel, thread, true
		out[i] = map[string]string{"id": f.ID, "title": f.Title}
	}
	s.mu.Unlock()
	c.Channel, c.ThreadTS = channel, thread
	s.record(c)
	writeJSON(w, map[string]any{"ok": true, "files": out})
}
