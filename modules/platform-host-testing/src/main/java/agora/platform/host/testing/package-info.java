/**
 * The test kit: {@link agora.platform.host.testing.TestHost}, {@link agora.platform.host.testing.ApiClient},
 * {@link agora.platform.testing.Body}, {@link agora.platform.host.testing.SignIns},
 * {@link agora.platform.host.testing.TestMail}, {@link agora.platform.host.testing.Eventually}.
 */
package agora.platform.host.testing;
