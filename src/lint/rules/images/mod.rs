pub mod latest_tag;
