/** Reply letters (答复文书): content rules, editable templates, renderers. Pure: no I/O. */
export * from './types.ts';
export { chineseDate, chineseNumeral, isIsoDate } from './dates.ts';
export { REGULATIONS, FEE_MEASURES, JIANGSU_NORMS, basisClause, citationText, regulationArticles } from './citations.ts';
export {
  DEFAULT_PARTIAL_REMEDY_POLICY,
  FEE_NOTICE_REMEDY,
  RECONSIDERATION_LAW_2023_EFFECTIVE,
  REMEDY_BY_KIND,
  isAfterReconsiderationReform,
  reconsiderationOrgan,
  remedyFor,
  type RemedyInput,
  type WithheldScope,
} from './remedy.ts';
export { decisionFor, type Decision } from './decisions.ts';
export {
  DEFAULT_TEMPLATES,
  MANDATORY_PLACEHOLDERS,
  PLACEHOLDERS,
  TemplateError,
  templateOverrideSchema,
  validateTemplateOverride,
  type LetterTemplate,
  type TemplateOverride,
  type TemplateParagraph,
  type TemplateValidation,
} from './templates.ts';
export {
  CONSULTATION_PERIOD_DAYS,
  DEFAULT_CORRECTION_PERIOD_DAYS,
  FEE_PAYMENT_DAYS,
  MAX_EXTENSION_DAYS,
  SEAL_PLACEHOLDER,
  renderLetter,
} from './render.ts';
export { letterToText } from './text.ts';
export { escapeHtml, letterToHtml, letterToHtmlDocument, LETTER_STYLESHEET } from './html.ts';
export { DOCX_FONTS, letterToDocx } from './docx.ts';
export { letterToPdf, type PdfFont } from './pdf.ts';
