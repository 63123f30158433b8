namespace Dify.HA.Client;

/// <summary>End users of the app.</summary>
public interface IDifyEndUsersApi
{
    /// <summary>Gets an end user (<c>getEndUserChat</c>).</summary>
    /// <param name="endUserId">The end user's id (e.g. <see cref="DifyUploadedFile.CreatedBy"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The end user.</returns>
    Task<DifyEndUser> GetAsync(string endUserId, CancellationToken cancellationToken = default);
}
