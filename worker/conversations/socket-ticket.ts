// signed by the Durable Objects, checked by the Worker: the format lives in common/
export * from "../../common/socket-ticket";
