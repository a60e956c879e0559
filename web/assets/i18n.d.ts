/** Types for i18n.js (plain ES module served to the browser as is). */
export type Language = "vi" | "en";
export function hasTranslation(key: string, language: Language): boolean;
export function getLanguage(): Language;
export function setLanguage(language: Language): void;
export function onLanguageChange(listener: (language: Language) => void): () => void;
export function t(key: string, parameters?: Record<string, string | number>): string;
export function currentLanguageCode(): Language;
export function applyTranslations(root: ParentNode): void;
