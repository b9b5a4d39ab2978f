/** The territory registry as services read it, and which territory a request is for. */
package agora.platform.data.territory;
