-- ListResourceInstances on the tagged data set of bench/tags.sh: env=env-3 and team=team-7, which match
-- 1% of the secrets. ACTION "filter" asks a page of 10 at a random offset within the matches, "count" their
-- number. Every answer must say that 1% match; done() prints how many did not. SECRETS, TOKEN, PROJECT and
-- ACTION come from the environment.
local secrets = tonumber(os.getenv("SECRETS"))
local token = os.getenv("TOKEN")
local project = os.getenv("PROJECT")
local action = os.getenv("ACTION")
local expected = '"total_count":' .. math.floor(secrets / 100)
local threads = {}
wrong = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local body = '{"action":"' .. action .. '","tags":[{"key":"env","values":["env-3"]},'
      .. '{"key":"team","values":["team-7"]}]'
  if action == "filter" then
    body = body .. ',"limit":"10","offset":"' .. 10 * math.random(0, math.floor(secrets / 1000) - 1) .. '"'
  end
  return wrk.format("POST", "/v1/" .. project .. "/csms/resource_instances/action",
      { ["X-Auth-Token"] = token, ["Content-Type"] = "application/json" }, body .. "}")
end

function response(status, headers, body)
  if status ~= 200 or not body:find(expected, 1, true) then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("wrong")
  end
  io.write("wrong answers: " .. total .. "\n")
end
