-- ShowSecretStage signed with an access key (SDK-HMAC-SHA256), as Huawei's SDKs send it: each
-- request is one of the requests signed ahead by BenchSignedRequests (random secrets and stages),
-- read from the file SIGNED, one a line: the path, then tab-separated "Name: value" headers.
local requests = {}

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  for line in io.lines(os.getenv("SIGNED")) do
    local fields = {}
    for field in line:gmatch("[^\t]+") do fields[#fields + 1] = field end
    local headers = {}
    for i = 2, #fields do
      local name, value = fields[i]:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    requests[#requests + 1] = wrk.format("GET", fields[1], headers)
  end
end

function request()
  return requests[math.random(1, #requests)]
end
