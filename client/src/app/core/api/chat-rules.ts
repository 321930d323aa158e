/**
 * The server's input rules (username, password, room name and slug, message length,
 * page sizes) and the length count they use, from the one file the server's DTOs
 * import too: what the forms refuse is exactly what the server would.
 */
export * from '../../../../../server/src/common/chat-rules';
