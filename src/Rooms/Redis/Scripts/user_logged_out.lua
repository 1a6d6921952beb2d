-- UserLoggedOut: a logout (rank 1) beats a login of the same user session in the same millisecond.
return apply_user_event({
  rooms = @rooms, tombstone = @tombstone, users = @users, pending = @pending,
  room = @room, session = @session, time_text = @time, account = @account, user_session = @userSession,
  now = @now, max_age = @maxAge, max_skew = @maxSkew, retention = @retention,
  rank = 1, line = @userSession .. '\t' .. @time .. '\t1' })
