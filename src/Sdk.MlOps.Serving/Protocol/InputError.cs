namespace Sdk.MlOps.Serving.Protocol;

/// <summary>
/// A request the host refuses, with the status and the message the caller gets. The message is written for the
/// caller: it names the field and the reason, never an exception's text, a path or an input value beyond the field.
/// </summary>
internal sealed class InputError(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static InputError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
