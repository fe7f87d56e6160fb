module github.com/carebot/carebot

go 1.26.0

require (
	github.com/go-telegram/bot v1.19.0
	github.com/kljensen/snowball v0.10.0
	github.com/slack-go/slack v0.35.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.44.0
	golang.org/x/time v0.16.0
)

require github.com/gorilla/websocket v1.5.3
