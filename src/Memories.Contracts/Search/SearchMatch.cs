namespace Memories.Contracts;

/// <summary>
/// One match of any kind of search, in one shape: a moment of a video (clip, audio, public), a
/// caption, or an image. The typed answers (<see cref="ClipMatch"/>, <see cref="CaptionMatch"/>,
/// <see cref="ImageMatch"/>) carry every field; this is what a list of results shows.
/// </summary>
/// <param name="Id">The video's number, or the image's id.</param>
/// <param name="Name">The video's or image's name, when sent.</param>
/// <param name="Start">Where the moment starts, for videos.</param>
/// <param name="End">Where it ends, for videos.</param>
/// <param name="Score">How well it matches, when sent.</param>
/// <param name="Text">The caption that matched, for caption search.</param>
public sealed record SearchMatch(string Id, string? Name, TimeSpan? Start, TimeSpan? End, double? Score, string? Text = null);
