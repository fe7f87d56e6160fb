package telegram

// Username returns the bot's username (without "@"), known once Run has
// checked the token (getMe); "" before. Invite links use it:
// https://t.me/<username>?start=<code>.
func (a *Adapter) Username() string {
	if me := a.me.Load(); me != nil {
		return me.Username
	}
	return ""
}
