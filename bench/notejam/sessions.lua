-- Spreads requests over the signed-in users of NOTEJAM_USERS ("session notePath csrf" per line, from the bench),
-- so the load is many users, not one session fought over by every connection.
local users = {}
for line in io.lines(os.getenv("NOTEJAM_USERS")) do
  local session, note, csrf = line:match("(%S+) (%S+) (%S+)")
  users[#users + 1] = {session = session, note = note, csrf = csrf}
end
local mode = os.getenv("NOTEJAM_MODE")
local counter = 0
local threads = 0

-- Threads start at different users so the two do not walk the list in step.
function setup(thread)
  thread:set("offset", threads * math.floor(#users / 2))
  threads = threads + 1
end

function request()
  counter = counter + 1
  local user = users[(counter + (offset or 0)) % #users + 1]
  local headers = {Cookie = "SESSION=" .. user.session}
  if mode == "list" then
    return wrk.format("GET", "/", headers)
  elseif mode == "note" then
    return wrk.format("GET", user.note, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/notes/create", headers, "_csrf=" .. user.csrf .. "&name=Benchmark+note&text=Written+by+wrk&pad=")
end
