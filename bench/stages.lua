-- ShowSecretStage over many secrets and stages: each request picks a secret of the data set
-- and one of its three stages at random. SECRETS and TOKEN come from the environment.
local secrets = tonumber(os.getenv("SECRETS"))
local token = os.getenv("TOKEN")
local project = os.getenv("PROJECT")
local stages = { "SYSCURRENT", "SYSPREVIOUS", "bench-stage" }

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local path = "/v1/" .. project .. "/secrets/secret-" .. math.random(1, secrets)
      .. "/stages/" .. stages[math.random(1, 3)]
  return wrk.format("GET", path, { ["X-Auth-Token"] = token })
end
