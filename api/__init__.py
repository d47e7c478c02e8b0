"""HTTP routes and middleware served by the same process as the pages (Streamlit's st.App)."""
