using System.Globalization;
using System.Text.Json.Nodes;

namespace Sdk.MlOps.Testing;

/// <summary>Builds responses the way MLflow's proto3 JSON does: empty strings, empty lists and nulls left out.</summary>
internal static class FakeJson
{
    public static JsonObject Obj(params (string Key, JsonNode? Value)[] members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            if (value is null || (value is JsonArray { Count: 0 }) || (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
                continue;
            result[key] = value;
        }
        return result;
    }

    public static JsonArray Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray());

    /// <summary>As protobuf writes doubles: non-finite values as the strings "NaN", "Infinity", "-Infinity".</summary>
    public static JsonNode Number(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);

    public static string Str(this JsonObject input, string key) => input[key] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };

    public static long Long(this JsonObject input, string key, long fallback = 0) =>
        input[key] switch
        {
            null => fallback,
            JsonValue value when value.TryGetValue<long>(out var n) => n,
            JsonValue value when value.TryGetValue<string>(out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => fallback,
        };

    public static double Double(this JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        JsonValue value when value.TryGetValue<string>(out var s) => double.Parse(s, CultureInfo.InvariantCulture),
        _ => 0,
    };

    public static IEnumerable<JsonObject> Objects(this JsonObject input, string key) =>
        (input[key] as JsonArray)?.OfType<JsonObject>() ?? [];

    public static Dictionary<string, string> PairMap(this JsonObject input, string key) =>
        input.Objects(key).ToDictionary(o => o.Str("key"), o => o.Str("value"));

    public static string Page(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"offset\": {offset}}}"));

    public static int Offset(string token) =>
        token.Length == 0 ? 0 : (int)JsonNode.Parse(Convert.FromBase64String(token))!["offset"]!.GetValue<int>();
}
