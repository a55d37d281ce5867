using System.Globalization;
using System.Text.Json.Nodes;
using static Sdk.MlOps.Testing.FakeJson;

namespace Sdk.MlOps.Testing;

/// <summary>
/// The fake server's experiments, runs, artifacts and registry, with MLflow 2.12's rules and error codes. Every
/// answer also carries fields this client does not know (as 3.x servers send), to prove they are ignored.
/// </summary>
internal sealed class FakeMlflowState
{
    private readonly object _gate = new();
    private readonly List<Experiment> _experiments = [];
    private readonly List<Run> _runs = [];
    private readonly List<Model> _models = [];
    private readonly Dictionary<string, byte[]> _artifacts = new(StringComparer.Ordinal);
    private int _runCounter;

    /// <summary>The artifact URI a new run gets from (experiment id, run id); MLflow's proxied form by default.</summary>
    public Func<string, string, string> ArtifactUriFor { get; set; } = (experiment, run) => $"mlflow-artifacts:/{experiment}/{run}/artifacts";

    public int ExperimentCount { get { lock (_gate) return _experiments.Count; } }

    public int RunCount { get { lock (_gate) return _runs.Count; } }

    public int VersionCount(string model) { lock (_gate) return _models.FirstOrDefault(m => m.Name == model)?.Versions.Count ?? 0; }

    public IReadOnlyList<(string Key, double Value, long Timestamp, long Step)> MetricsOf(string runId) { lock (_gate) return [.. FindRun(runId).Metrics]; }

    public IReadOnlyDictionary<string, string> ParamsOf(string runId) { lock (_gate) return new Dictionary<string, string>(FindRun(runId).Params); }

    public IReadOnlyDictionary<string, string> TagsOf(string runId) { lock (_gate) return new Dictionary<string, string>(FindRun(runId).Tags); }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    // ---- experiments ----

    public JsonObject CreateExperiment(JsonObject body)
    {
        lock (_gate)
        {
            var name = body.Str("name");
            if (name.Length == 0)
                throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'.");
            if (_experiments.Any(e => e.Name == name))
                throw new FakeMlflowError(400, "RESOURCE_ALREADY_EXISTS", $"Experiment(name={name}) already exists. Error: (raised as a result of Query-invoked autoflush)");
            var experiment = new Experiment((_experiments.Count + 1).ToString(CultureInfo.InvariantCulture), name, Now, body.PairMap("tags"));
            _experiments.Add(experiment);
            return new JsonObject { ["experiment_id"] = experiment.Id };
        }
    }

    public JsonObject GetExperimentByName(JsonObject query)
    {
        lock (_gate)
        {
            var experiment = _experiments.FirstOrDefault(e => e.Name == query.Str("experiment_name"))
                ?? throw new FakeMlflowError(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{query.Str("experiment_name")}'");
            return new JsonObject { ["experiment"] = experiment.ToJson() };
        }
    }

    public JsonObject SearchExperiments(JsonObject body)
    {
        lock (_gate)
        {
            var hits = _experiments.Where(e => FakeFilter.Matches(body.Str("filter"), (kind, key) => kind switch
            {
                "tags" => e.Tags.GetValueOrDefault(key),
                _ => key == "name" ? e.Name : null,
            })).ToList();
            return PageOf(hits, body, "experiments", e => e.ToJson());
        }
    }

    // ---- runs ----

    public JsonObject CreateRun(JsonObject body)
    {
        lock (_gate)
        {
            var experimentId = body.Str("experiment_id");
            if (_experiments.All(e => e.Id != experimentId))
                throw new FakeMlflowError(404, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={experimentId} exists");
            var tags = body.PairMap("tags");
            var name = body.Str("run_name");
            if (name.Length > 0 && tags.TryGetValue("mlflow.runName", out var tagged) && tagged != name)
                throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values");
            if (name.Length == 0)
                name = tags.GetValueOrDefault("mlflow.runName") ?? $"fake-run-{++_runCounter}";
            tags["mlflow.runName"] = name;
            var id = Guid.NewGuid().ToString("N");
            var run = new Run(id, experimentId, name, body.Long("start_time", Now), ArtifactUriFor(experimentId, id), tags);
            _runs.Add(run);
            return new JsonObject { ["run"] = run.ToJson() };
        }
    }

    public JsonObject GetRun(JsonObject query)
    {
        lock (_gate)
            return new JsonObject { ["run"] = FindRun(query.Str("run_id")).ToJson() };
    }

    public JsonObject UpdateRun(JsonObject body)
    {
        lock (_gate)
        {
            var run = FindRun(body.Str("run_id"));
            if (body.Str("status") is { Length: > 0 } status)
                run.Status = status;
            if (body["end_time"] is not null)
                run.EndTime = body.Long("end_time");
            return new JsonObject { ["run_info"] = run.InfoJson() };
        }
    }

    public JsonObject SearchRuns(JsonObject body)
    {
        lock (_gate)
        {
            var experimentIds = (body["experiment_ids"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToHashSet();
            var hits = _runs.Where(r => experimentIds.Contains(r.ExperimentId)
                && FakeFilter.Matches(body.Str("filter"), (kind, key) => r.Lookup(kind, key))).ToList();
            var orderBy = (body["order_by"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
            hits = orderBy.FirstOrDefault() switch
            {
                { } o when o.Contains("start_time", StringComparison.Ordinal) && o.EndsWith("ASC", StringComparison.OrdinalIgnoreCase) => [.. hits.OrderBy(r => r.StartTime)],
                { } o when o.Contains("run_name", StringComparison.Ordinal) => o.EndsWith("DESC", StringComparison.OrdinalIgnoreCase) ? [.. hits.OrderByDescending(r => r.Name, StringComparer.Ordinal)] : [.. hits.OrderBy(r => r.Name, StringComparer.Ordinal)],
                _ => [.. hits.OrderByDescending(r => r.StartTime)],
            };
            return PageOf(hits, body, "runs", r => r.ToJson());
        }
    }

    public List<JsonObject> LogBatchCalls { get; } = [];

    public JsonObject LogBatch(JsonObject body)
    {
        lock (_gate)
        {
            var metrics = body.Objects("metrics").ToList();
            var parameters = body.Objects("params").ToList();
            var tags = body.Objects("tags").ToList();
            if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100 || metrics.Count + parameters.Count + tags.Count > 1000)
                throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics, 100 params, 100 tags and 1000 entities in total");
            var run = FindRun(body.Str("run_id"));
            foreach (var p in parameters)
                if (run.Params.TryGetValue(p.Str("key"), out var old) && old != p.Str("value"))
                    throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", $"Changing param values is not allowed. Param with key='{p.Str("key")}' was already logged with value='{old}' for run ID='{run.Id}'. Attempted logging new value '{p.Str("value")}'.");
            LogBatchCalls.Add(body);
            foreach (var p in parameters)
                run.Params[p.Str("key")] = p.Str("value");
            foreach (var t in tags)
                run.Tags[t.Str("key")] = t.Str("value");
            foreach (var m in metrics)
                run.Metrics.Add((m.Str("key"), m["value"].Double(), m.Long("timestamp"), m.Long("step")));
            return [];
        }
    }

    public List<JsonObject> LogInputsCalls { get; } = [];

    /// <summary>As 2.12.2: `datasets` is required (an empty list is fine), and a dataset the run already has, by name and digest, is skipped.</summary>
    public JsonObject LogInputs(JsonObject body)
    {
        lock (_gate)
        {
            if (body["datasets"] is not JsonArray)
                throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'datasets'. See the API docs for more information about request parameters.");
            var run = FindRun(body.Str("run_id"));
            LogInputsCalls.Add(body);
            foreach (var input in body.Objects("datasets"))
            {
                var dataset = input["dataset"] as JsonObject ?? [];
                if (!run.InputKeys.Add((dataset.Str("name"), dataset.Str("digest")))) continue;
                run.Inputs.Add((input.PairMap("tags"), (JsonObject)dataset.DeepClone()));
            }
            return [];
        }
    }

    public JsonObject GetMetricHistory(JsonObject query)
    {
        lock (_gate)
        {
            var run = FindRun(query.Str("run_id"));
            var key = query.Str("metric_key");
            return Obj(("metrics", new JsonArray(run.Metrics.Where(m => m.Key == key).Select(m => (JsonNode)MetricJson(m)).ToArray())));
        }
    }

    // ---- artifacts ----

    public void PutArtifact(string path, byte[] bytes)
    {
        lock (_gate)
            _artifacts[path] = bytes;
    }

    public byte[]? GetArtifact(string path)
    {
        lock (_gate)
            return _artifacts.GetValueOrDefault(path);
    }

    public IReadOnlyList<string> ArtifactPaths { get { lock (_gate) return [.. _artifacts.Keys]; } }

    public JsonObject ListArtifacts(JsonObject query)
    {
        lock (_gate)
        {
            var run = FindRun(query.Str("run_id"));
            var root = run.ArtifactUri["mlflow-artifacts:".Length..].Trim('/');
            var folder = query.Str("path").Trim('/');
            var prefix = folder.Length == 0 ? root + "/" : $"{root}/{folder}/";
            var entries = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var (path, bytes) in _artifacts.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var rest = path[prefix.Length..];
                var slash = rest.IndexOf('/');
                var relative = (folder.Length == 0 ? "" : folder + "/") + (slash < 0 ? rest : rest[..slash]);
                entries[relative] = slash < 0
                    ? new JsonObject { ["path"] = relative, ["is_dir"] = false, ["file_size"] = bytes.Length }
                    : new JsonObject { ["path"] = relative, ["is_dir"] = true };
            }
            return Obj(("root_uri", run.ArtifactUri), ("files", new JsonArray([.. entries.Values])));
        }
    }

    // ---- registry ----

    public JsonObject CreateRegisteredModel(JsonObject body)
    {
        lock (_gate)
        {
            var name = body.Str("name");
            if (_models.Any(m => m.Name == name))
                throw new FakeMlflowError(400, "RESOURCE_ALREADY_EXISTS", $"Registered Model (name={name}) already exists.");
            var model = new Model(name, body.Str("description"), Now, body.PairMap("tags"));
            _models.Add(model);
            return new JsonObject { ["registered_model"] = model.ToJson() };
        }
    }

    public JsonObject GetRegisteredModel(JsonObject query)
    {
        lock (_gate)
            return new JsonObject { ["registered_model"] = FindModel(query.Str("name")).ToJson() };
    }

    public JsonObject SearchRegisteredModels(JsonObject query)
    {
        lock (_gate)
        {
            var hits = _models.Where(m => FakeFilter.Matches(query.Str("filter"), (kind, key) => kind == "tags" ? m.Tags.GetValueOrDefault(key) : key == "name" ? m.Name : null)).ToList();
            return PageOf(hits, query, "registered_models", m => m.ToJson());
        }
    }

    public JsonObject CreateModelVersion(JsonObject body)
    {
        lock (_gate)
        {
            var model = FindModel(body.Str("name"));
            var version = new Version(model, model.Versions.Count + 1, body.Str("source"), body.Str("run_id"), Now, body.PairMap("tags"));
            model.Versions.Add(version);
            return new JsonObject { ["model_version"] = version.ToJson() };
        }
    }

    public JsonObject GetModelVersion(JsonObject query)
    {
        lock (_gate)
            return new JsonObject { ["model_version"] = FindVersion(query.Str("name"), query.Str("version")).ToJson() };
    }

    public JsonObject SearchModelVersions(JsonObject query)
    {
        lock (_gate)
        {
            var hits = _models.SelectMany(m => m.Versions).Where(v => FakeFilter.Matches(query.Str("filter"), (kind, key) => kind switch
            {
                "tags" => v.Tags.GetValueOrDefault(key),
                _ => key switch { "name" => v.Model.Name, "run_id" => v.RunId, "source_path" => v.Source, _ => null },
            })).ToList();
            return PageOf(hits, query, "model_versions", v => v.ToJson());
        }
    }

    public JsonObject SetModelVersionTag(JsonObject body)
    {
        lock (_gate)
        {
            FindVersion(body.Str("name"), body.Str("version")).Tags[body.Str("key")] = body.Str("value");
            return [];
        }
    }

    public JsonObject SetAlias(JsonObject body)
    {
        lock (_gate)
        {
            var version = FindVersion(body.Str("name"), body.Str("version"));
            version.Model.Aliases[body.Str("alias")] = version.Number;
            return [];
        }
    }

    public JsonObject GetAlias(JsonObject query)
    {
        lock (_gate)
        {
            var model = FindModel(query.Str("name"));
            if (!model.Aliases.TryGetValue(query.Str("alias"), out var number))
                throw new FakeMlflowError(400, "INVALID_PARAMETER_VALUE", $"Registered model alias {query.Str("alias")} not found.");
            return new JsonObject { ["model_version"] = model.Versions.Single(v => v.Number == number).ToJson() };
        }
    }

    public JsonObject DeleteAlias(JsonObject body)
    {
        lock (_gate)
        {
            FindModel(body.Str("name")).Aliases.Remove(body.Str("alias"));
            return [];
        }
    }

    // ---- helpers ----

    private Run FindRun(string id) =>
        _runs.FirstOrDefault(r => r.Id == id) ?? throw new FakeMlflowError(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{id}' not found");

    private Model FindModel(string name) =>
        _models.FirstOrDefault(m => m.Name == name) ?? throw new FakeMlflowError(404, "RESOURCE_DOES_NOT_EXIST", $"Registered Model with name={name} not found");

    private Version FindVersion(string name, string version) =>
        FindModel(name).Versions.FirstOrDefault(v => v.Number.ToString(CultureInfo.InvariantCulture) == version)
        ?? throw new FakeMlflowError(404, "RESOURCE_DOES_NOT_EXIST", $"Model Version (name={name}, version={version}) not found");

    private static JsonObject PageOf<T>(List<T> hits, JsonObject input, string key, Func<T, JsonObject> toJson)
    {
        var offset = Offset(input.Str("page_token"));
        var max = (int)input.Long("max_results", 1000);
        var page = hits.Skip(offset).Take(max).Select(h => (JsonNode)toJson(h)).ToArray();
        var next = offset + max < hits.Count ? Page(offset + max) : null;
        return Obj((key, new JsonArray(page)), ("next_page_token", next));
    }

    private static JsonObject MetricJson((string Key, double Value, long Timestamp, long Step) m) =>
        Obj(("key", m.Key), ("value", Number(m.Value)), ("timestamp", m.Timestamp), ("step", m.Step == 0 ? null : m.Step));

    private sealed record Experiment(string Id, string Name, long Created, Dictionary<string, string> Tags)
    {
        public JsonObject ToJson() => Obj(
            ("experiment_id", Id), ("name", Name), ("artifact_location", $"mlflow-artifacts:/{Id}"), ("lifecycle_stage", "active"),
            ("last_update_time", Created), ("creation_time", Created), ("tags", Pairs(Tags)),
            ("workspace", "default"), ("trace_location", new JsonObject { ["kind"] = "sql", ["extra"] = new JsonArray(1, 2) }));
    }

    private sealed record Run(string Id, string ExperimentId, string Name, long StartTime, string ArtifactUri, Dictionary<string, string> Tags)
    {
        public string Status { get; set; } = "RUNNING";
        public long? EndTime { get; set; }
        public List<(string Key, double Value, long Timestamp, long Step)> Metrics { get; } = [];
        public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);
        public List<(Dictionary<string, string> Tags, JsonObject Dataset)> Inputs { get; } = [];
        public HashSet<(string Name, string Digest)> InputKeys { get; } = [];

        public string? Lookup(string kind, string key) => kind switch
        {
            "tags" => Tags.GetValueOrDefault(key),
            "params" => Params.GetValueOrDefault(key),
            "metrics" => Latest().FirstOrDefault(m => m.Key == key) is { Key: not null } m ? m.Value.ToString(CultureInfo.InvariantCulture) : null,
            _ => key switch { "status" => Status, "run_name" => Name, "run_id" => Id, _ => null },
        };

        public JsonObject InfoJson() => Obj(
            ("run_uuid", Id), ("experiment_id", ExperimentId), ("run_name", Name), ("user_id", ""), ("status", Status),
            ("start_time", StartTime), ("end_time", EndTime), ("artifact_uri", ArtifactUri), ("lifecycle_stage", "active"), ("run_id", Id));

        public JsonObject ToJson() => Obj(
            ("info", InfoJson()),
            ("data", Obj(("metrics", new JsonArray(Latest().Select(m => (JsonNode)MetricJson(m)).ToArray())), ("params", Pairs(Params)), ("tags", Pairs(Tags)))),
            ("inputs", Obj(("dataset_inputs", new JsonArray(Inputs.Select(i => (JsonNode)Obj(("tags", Pairs(i.Tags)), ("dataset", i.Dataset.DeepClone()))).ToArray())))),
            ("outputs", new JsonObject { ["model_outputs"] = new JsonArray(new JsonObject { ["model_id"] = "m-1", ["step"] = "0" }) }));

        // MLflow shows per key the value with the largest (step, timestamp, value).
        private IEnumerable<(string Key, double Value, long Timestamp, long Step)> Latest() =>
            Metrics.GroupBy(m => m.Key).Select(g => g.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ThenBy(m => m.Value).Last());
    }

    private sealed record Model(string Name, string Description, long Created, Dictionary<string, string> Tags)
    {
        public List<Version> Versions { get; } = [];
        public Dictionary<string, int> Aliases { get; } = new(StringComparer.Ordinal);

        public JsonObject ToJson() => Obj(
            ("name", Name), ("creation_timestamp", Created), ("last_updated_timestamp", Created), ("description", Description),
            ("latest_versions", new JsonArray(Versions.Count == 0 ? [] : [Versions[^1].ToJson()])),
            ("tags", Pairs(Tags)),
            ("aliases", new JsonArray(Aliases.Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value.ToString(CultureInfo.InvariantCulture) }).ToArray())),
            ("deployment_job_id", "job-7"));
    }

    private sealed record Version(Model Model, int Number, string Source, string RunId, long Created, Dictionary<string, string> Tags)
    {
        public JsonObject ToJson() => Obj(
            ("name", Model.Name), ("version", Number.ToString(CultureInfo.InvariantCulture)), ("creation_timestamp", Created),
            ("last_updated_timestamp", Created), ("current_stage", "None"), ("description", ""), ("source", Source), ("run_id", RunId),
            ("status", "READY"), ("run_link", ""), ("tags", Pairs(Tags)),
            ("aliases", new JsonArray(Model.Aliases.Where(a => a.Value == Number).Select(a => (JsonNode)a.Key).ToArray())),
            ("model_id", "m-1"));
    }
}
