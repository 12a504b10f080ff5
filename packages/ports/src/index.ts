export { REQUIRED_PORTS, formatPort, type Direction, type PortRole, type RequiredPort } from './required-ports';
export { CHECK_SECTIONS, toCsv, toMarkdown, type CheckSection, type PortCheckCell } from './checklist';
