package agora.platform.host;

/**
 * One service's answer to a contribution interface ({@link Mount#contributions}): which service it
 * is, and the object to ask, in-process or over that service's internal listener.
 *
 * @param service the contributing service ({@code auth})
 * @param answers its implementation, or a proxy to it
 * @param <T>     the contribution interface
 */
public record Contribution<T>(String service, T answers) {
}
