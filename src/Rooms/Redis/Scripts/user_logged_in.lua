-- UserLoggedIn: the register line carries what the user list shows.
return apply_user_event({
  rooms = @rooms, tombstone = @tombstone, users = @users, pending = @pending,
  room = @room, session = @session, time_text = @time, account = @account, user_session = @userSession,
  now = @now, max_age = @maxAge, max_skew = @maxSkew, retention = @retention,
  rank = 0, line = @userSession .. '\t' .. @time .. '\t0\t' .. @role .. '\t' .. @nickname })
