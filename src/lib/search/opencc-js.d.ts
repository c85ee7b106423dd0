/** The dictionaries of opencc-js (`"from to|from to|…"`), which the package ships without types. */
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
