namespace Sdk.MlOps.Tracking;

/// <summary>The CI system running the build and the URL of this build, from the variables each system sets.</summary>
internal static class CiEnvironment
{
    public static (string? System, string? BuildUrl) Detect(Func<string, string?> env)
    {
        if (env("GITHUB_ACTIONS") == "true")
            return ("github-actions", $"{env("GITHUB_SERVER_URL")}/{env("GITHUB_REPOSITORY")}/actions/runs/{env("GITHUB_RUN_ID")}");
        if (string.Equals(env("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
            return ("azure-pipelines", $"{env("SYSTEM_COLLECTIONURI")}{env("SYSTEM_TEAMPROJECT")}/_build/results?buildId={env("BUILD_BUILDID")}");
        if (env("GITLAB_CI") == "true") return ("gitlab", env("CI_JOB_URL"));
        if (!string.IsNullOrEmpty(env("JENKINS_URL"))) return ("jenkins", env("BUILD_URL"));
        if (!string.IsNullOrEmpty(env("CI"))) return ("ci", null);
        return (null, null);
    }
}
