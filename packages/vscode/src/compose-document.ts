import path from "node:path";
import { COMPOSE_FILE_NAME, looksLikeComposeText } from "@compose-lint/core/compose-names";

/** The parts of a VS Code TextDocument this needs. */
export interface DocumentLike {
  readonly uri: { readonly scheme: string };
  readonly fileName: string;
  readonly languageId: string;
  getText(): string;
}

/**
 * A document the linter would lint, found as the command line finds files: VS Code's Compose
 * language, a Compose file name, or a YAML file whose top level is a Compose file. Other YAML
 * (Kubernetes manifests, CI configs) is left alone.
 */
export function isComposeDocument(document: DocumentLike): boolean {
  if (document.uri.scheme !== "file" && document.uri.scheme !== "untitled") return false;
  if (document.languageId === "dockercompose") return true;
  if (document.languageId !== "yaml") return false;
  return COMPOSE_FILE_NAME.test(path.basename(document.fileName)) || looksLikeComposeText(document.getText());
}
